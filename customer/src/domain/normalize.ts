import { normalizeEnumInput } from '@idp/proto';

/** Emails are compared case-insensitively: trim and lowercase before validation and storage. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Normalizes the registration body in place of the raw one: email, enum casing, trimmed names. */
export function normalizeRegistration(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const input = { ...(body as Record<string, unknown>) };
  if (typeof input.email === 'string') input.email = normalizeEmail(input.email);
  if (typeof input.firstName === 'string') input.firstName = input.firstName.trim();
  if (typeof input.lastName === 'string') input.lastName = input.lastName.trim();
  if (typeof input.phone === 'string') input.phone = input.phone.replace(/[\s().-]/g, '');
  if (input.customerType !== undefined) input.customerType = normalizeEnumInput(input.customerType);
  return input;
}
