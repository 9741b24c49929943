// Text a client may send: no control characters and no lone surrogates in any string of a request
// (keys included). PostgreSQL refuses NUL outright, and the others end up in logs, e-mails and
// read models where they do harm or get silently replaced. Free text (`description`) may hold
// line breaks and tabs; nothing else may.
import type { FieldError } from '@idp/proto';

const MULTILINE_FIELDS = new Set(['description']);
// C0 controls, DEL and C1 controls; and UTF-16 code units of a surrogate pair that has lost its other half.
// Matching control characters is the point here.
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/* eslint-enable no-control-regex */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function problemOf(text: string, multiline: boolean): string | undefined {
  if ((multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(text)) return multiline ? 'must not contain control characters other than line breaks and tabs' : 'must not contain control characters';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return undefined;
}

/** No request schema nests anywhere near this deep; a body that does is refused, not walked. */
const MAX_DEPTH = 32;

/** Every string (and key) of `data` that holds what no request may carry, as field errors. */
export function unsafeTextErrors(data: unknown, pointer = '', key = '', depth = 0): FieldError[] {
  if (typeof data === 'string') {
    const detail = problemOf(data, MULTILINE_FIELDS.has(key));
    return detail ? [{ pointer, detail }] : [];
  }
  if (data === null || typeof data !== 'object') return [];
  if (depth >= MAX_DEPTH) return [{ pointer, detail: `is nested more than ${MAX_DEPTH} levels deep` }];
  if (Array.isArray(data)) return data.flatMap((item, index) => unsafeTextErrors(item, `${pointer}/${index}`, key, depth + 1));
  return Object.entries(data).flatMap(([name, value]) => {
    const at = `${pointer}/${escapePointer(name)}`;
    const keyDetail = problemOf(name, false);
    return [...(keyDetail ? [{ pointer: at, detail: `its name ${keyDetail}` }] : []), ...unsafeTextErrors(value, at, name, depth + 1)];
  });
}
