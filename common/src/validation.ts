// One Ajv instance with every schema from proto/, compiled once and cached by $id; HTTP handlers
// and event consumers validate through it alike.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { loadSchemas, SCHEMA_BASE_URI, type FieldError } from '@idp/proto';
import { validationError } from './errors.js';
import { unsafeTextErrors } from './text-safety.js';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
for (const schema of loadSchemas()) ajv.addSchema(schema);

const cache = new Map<string, ValidateFunction>();

function compiled(schemaId: string): ValidateFunction {
  let validate = cache.get(schemaId);
  if (!validate) {
    validate = ajv.getSchema(schemaId);
    if (!validate) throw new Error(`unknown schema ${schemaId}`);
    cache.set(schemaId, validate);
  }
  return validate;
}

function toFieldError(error: ErrorObject): FieldError {
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { pointer: `${error.instancePath}/${missing}`, detail: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return { pointer: `${error.instancePath}/${extra}`, detail: 'is not allowed' };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return { pointer: error.instancePath, detail: `must be one of: ${allowed.join(', ')}` };
  }
  return { pointer: error.instancePath, detail: error.message ?? 'is not valid' };
}

export function schemaErrors(schemaId: string, data: unknown): FieldError[] {
  const validate = compiled(schemaId);
  return validate(data) ? [] : (validate.errors ?? []).map(toFieldError);
}

/** Throws a 400 validation problem listing every failing field, with any `extraErrors` found
 * before validation (e.g. while normalizing the input). */
const REQUEST_SCHEMAS = `${SCHEMA_BASE_URI}requests/`;

export function assertValid<T>(schemaId: string, data: unknown, extraErrors: FieldError[] = []): T {
  // What a client sent is checked for unsafe text first: a schema error on the same field says less.
  const textErrors = schemaId.startsWith(REQUEST_SCHEMAS) ? unsafeTextErrors(data) : [];
  if (textErrors.length) throw validationError([...extraErrors, ...textErrors]);
  const errors = [...extraErrors, ...schemaErrors(schemaId, data)];
  if (errors.length) throw validationError(errors);
  return data as T;
}

export function isValid(schemaId: string, data: unknown): boolean {
  return compiled(schemaId)(data) as boolean;
}
