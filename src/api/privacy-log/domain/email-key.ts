import crypto from 'crypto';

/** Longest key stored as is (the column is a VARCHAR(255) on PostgreSQL); longer ones are stored hashed. */
const MAX_KEY_LENGTH = 254;

/**
 * The form of an address the privacy tools match on: Unicode compatibility normalisation (NFKC: a
 * full-width "ｅ" or a ligature is the letter a person meant), lower case, trimmed. "Élise@Example.org"
 * typed with a combining accent, a precomposed one or in capitals gives the same key. Deterministic,
 * so a key computed at submission and one computed from an erasure request meet.
 */
export const emailKeyOf = (email: string): string => {
  const key = email.normalize('NFKC').toLowerCase().normalize('NFKC').trim();
  return key.length <= MAX_KEY_LENGTH ? key : `sha256:${crypto.createHash('sha256').update(key).digest('hex')}`;
};

/**
 * What the privacy log keeps instead of an address: a keyed hash (HMAC-SHA-256 with a secret salt) of
 * its key. Whoever holds the salt can check whether an address was erased; the log alone reveals no
 * address, and without the salt a dictionary of addresses cannot be tried against it.
 */
export const subjectHashOf = (salt: string, email: string): string =>
  crypto.createHmac('sha256', `privacy-log:${salt}`).update(emailKeyOf(email)).digest('hex');
