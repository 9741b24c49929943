import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CatalogEntry {
  type: string;
  version: number;
  topic: string;
  producer: string;
  delivery: 'outbox' | 'direct';
  schema: string;
  consumers: { app: string; why: string }[];
  /** Apps of the platform that could be expected to consume it but do not, and why. */
  notConsumedBy?: { app: string; why: string }[];
}

export interface EventCatalog {
  pubsub: string;
  events: CatalogEntry[];
}

const catalogPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'events', 'catalog.json');

export function loadEventCatalog(): EventCatalog {
  return JSON.parse(readFileSync(catalogPath, 'utf8')) as EventCatalog;
}
