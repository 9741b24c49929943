// Validates payloads against proto/'s schemas with the same validator the apps use.
import { schemaErrors } from '@idp/common';
import { SCHEMA_BASE_URI } from '@idp/proto';

export const validateAgainst = (relativePath: string, data: unknown) => schemaErrors(`${SCHEMA_BASE_URI}${relativePath}`, data);
