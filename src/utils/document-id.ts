import { randomFillSync } from 'crypto';

/**
 * A new `documentId` in the shape Strapi gives its own (cuid2's default: 24 characters of `[a-z0-9]`, the
 * first a letter), for the rows the application writes through the query engine (requests, outbox
 * rows, privacy log), which does not assign one.
 *
 * cuid2 derives each id from a SHA-3 hash of a counter, the time and host fingerprint: about 35 µs, a
 * sixteenth of an accepted submission's CPU for its two ids. A document id needs to be unique and
 * unguessable, not ordered or fingerprinted: 23 characters drawn from the operating system's CSPRNG
 * carry 119 bits, as unlikely to collide as cuid2's. Bytes come from a pooled buffer refilled 4 KiB at
 * a time; a byte that would bias the draw (256 is not a multiple of 36 or 26) is skipped.
 */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
export const DOCUMENT_ID_LENGTH = 24;

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

const nextByte = (): number => {
  if (offset === POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const byte = pool[offset];
  offset += 1;
  return byte;
};

/** A uniform draw from `alphabet` (at most 36 characters): bytes past the last full multiple are skipped. */
const draw = (alphabet: string): string => {
  const limit = 256 - (256 % alphabet.length);
  for (;;) {
    const byte = nextByte();
    if (byte < limit) return alphabet[byte % alphabet.length];
  }
};

export const newDocumentId = (): string => {
  let id = draw(LETTERS);
  for (let i = 1; i < DOCUMENT_ID_LENGTH; i += 1) id += draw(ALPHABET);
  return id;
};
