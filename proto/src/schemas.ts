// Loads the JSON Schemas shipped in proto/schemas. The JSON files are the single source of truth:
// apps validate with them through common/'s validator, and non-TypeScript consumers read them as is.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMA_BASE_URI = 'https://schemas.idp.local/';
export const schemasDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');

export interface SchemaDocument {
  $id: string;
  [keyword: string]: unknown;
}

function listJsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listJsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** Every schema in proto/schemas, each with its `$id` checked against its path. */
export function loadSchemas(): SchemaDocument[] {
  return listJsonFiles(schemasDir).map((path) => {
    const schema = JSON.parse(readFileSync(path, 'utf8')) as SchemaDocument;
    const expected = SCHEMA_BASE_URI + relative(schemasDir, path).split('\\').join('/');
    if (schema.$id !== expected) throw new Error(`schema ${path} must have $id ${expected}, has ${schema.$id}`);
    return schema;
  });
}

/** The `$id` of a request schema, e.g. `requestSchemaId('customer.register')`. */
export const requestSchemaId = (name: string): string => `${SCHEMA_BASE_URI}requests/${name}.json`;
/** The `$id` of an event's data schema, e.g. `eventSchemaId('customer.created')`. */
export const eventSchemaId = (type: string): string => `${SCHEMA_BASE_URI}events/${type}.json`;
/** The `$id` of a schema for another service's answer, e.g. `externalSchemaId('order.customer-stats')`. */
export const externalSchemaId = (name: string): string => `${SCHEMA_BASE_URI}external/${name}.json`;
