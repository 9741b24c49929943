// Input normalization before schema validation: emails lowercased, enums lowercased, names trimmed,
// phones to E.164 (libphonenumber-js). A phone that cannot be a real number is a field error.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { normalizeEnumInput, type FieldError } from '@idp/proto';

/** Emails are compared case-insensitively: trim and lowercase before validation and storage. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** E.164 form of a phone number, or null when it is not a valid number. Numbers without a country
 * code are read in `defaultRegion` when one is configured. */
export function normalizePhone(raw: string, defaultRegion?: string): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultRegion ? { defaultCountry: defaultRegion as CountryCode } : undefined);
  return parsed?.isValid() ? parsed.number : null;
}

export interface Normalized {
  body: unknown;
  /** Errors found while normalizing (e.g. an unparseable phone), reported with the schema's. */
  errors: FieldError[];
}

/** Normalizes a registration or profile-update body; anything not an object is left to the schema. */
export function normalizeCustomerInput(body: unknown, defaultRegion?: string): Normalized {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { body, errors: [] };
  const input = { ...(body as Record<string, unknown>) };
  const errors: FieldError[] = [];
  if (typeof input.email === 'string') input.email = normalizeEmail(input.email);
  if (typeof input.firstName === 'string') input.firstName = input.firstName.trim();
  if (typeof input.lastName === 'string') input.lastName = input.lastName.trim();
  if (typeof input.phone === 'string') {
    const phone = normalizePhone(input.phone, defaultRegion);
    if (phone) input.phone = phone;
    else {
      errors.push({ pointer: '/phone', detail: 'is not a valid phone number (use international format, e.g. +14155550123)' });
      delete input.phone;
    }
  }
  if (input.customerType !== undefined) input.customerType = normalizeEnumInput(input.customerType);
  return { body: input, errors };
}
