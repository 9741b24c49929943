export type IndexKind = 'email' | 'phone';

export const INDEX_ACTORS: Record<IndexKind, string> = { email: 'EmailIndexActor', phone: 'PhoneIndexActor' };
