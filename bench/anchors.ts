// Ory's figures, measured on the same machine class as this bench on 2026-12-04, to compare ours
// with: each is printed under the final table with our figure as a multiple of it.
import type { RowId } from './targets.js';

export interface Anchor {
  what: string;
  /** Per second; a range when several runs differed. */
  perSecond: number | [number, number];
  p99Ms?: number | [number, number];
  note?: string;
  /** The rows of the final table it compares with. */
  comparedWith: RowId[];
}

export const ANCHORS_MEASURED_ON = '2026-12-04';

export const ORY_ANCHORS: Anchor[] = [
  { what: 'Hydra v2.3.0 introspection', perSecond: 2_316, p99Ms: 13, note: 'opaque tokens on PostgreSQL', comparedWith: ['introspectionOwnPort', 'introspectionSidecar'] },
  { what: 'Kratos v1.3.1 whoami', perSecond: [1_284, 1_466], p99Ms: [19, 21], comparedWith: ['customersMe'] },
  { what: 'Hydra token issuance', perSecond: 350, comparedWith: ['refresh'] },
  { what: 'Kratos login', perSecond: 7.9, note: 'bcrypt 12', comparedWith: ['login'] },
  { what: 'Kratos login', perSecond: 11.5, note: 'argon2id', comparedWith: ['login'] },
];
