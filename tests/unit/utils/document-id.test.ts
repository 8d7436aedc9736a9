import { createId, isCuid } from '@paralleldrive/cuid2';
import { DOCUMENT_ID_LENGTH, newDocumentId } from '../../../src/utils/document-id';

describe('newDocumentId', () => {
  it('has the shape of the document ids Strapi gives (cuid2: 24 of [a-z0-9], a letter first)', () => {
    const strapis = createId();
    expect(strapis).toMatch(/^[a-z][a-z0-9]{23}$/);
    for (let i = 0; i < 1000; i += 1) {
      const id = newDocumentId();
      expect(id).toHaveLength(DOCUMENT_ID_LENGTH);
      expect(id).toMatch(/^[a-z][a-z0-9]{23}$/);
      expect(isCuid(id)).toBe(true);
    }
  });

  it('does not repeat over 200,000 draws, and every letter comes first about as often', () => {
    const seen = new Set<string>();
    const firsts = new Map<string, number>();
    const ids = 200_000;
    for (let i = 0; i < ids; i += 1) {
      const id = newDocumentId();
      seen.add(id);
      firsts.set(id[0], (firsts.get(id[0]) ?? 0) + 1);
    }
    expect(seen.size).toBe(ids);
    // 7,692 expected per letter, standard deviation ~86 (1.1%); a modulo bias (256 % 26) would put four
    // letters 8.6% below the rest.
    expect(firsts.size).toBe(26);
    for (const count of firsts.values()) expect(Math.abs(count / (ids / 26) - 1)).toBeLessThan(0.05);
  });

  it('draws every character of the rest about as often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const ids = 20_000;
    for (let i = 0; i < ids; i += 1) {
      for (const char of newDocumentId().slice(1)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    // 460,000 characters over 36 symbols: 12,778 expected each, standard deviation ~110 (0.9%); a
    // modulo bias (256 % 36) would put four symbols 14% above the rest.
    expect(counts.size).toBe(36);
    const expected = (ids * (DOCUMENT_ID_LENGTH - 1)) / 36;
    for (const count of counts.values()) expect(Math.abs(count / expected - 1)).toBeLessThan(0.05);
  });
});
