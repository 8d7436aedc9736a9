import { emailKeyOf, subjectHashOf } from '../../../src/api/privacy-log/domain/email-key';

describe('emailKeyOf: the form an address is matched on', () => {
  it('ignores case, surrounding spaces and the Unicode form the address was typed in', () => {
    const precomposed = 'Élise.Dupont@Exemple.fr'; // É as one code point (NFC)
    const combining = 'E\u0301lise.dupont@EXEMPLE.FR'; // E + combining acute (NFD)
    const fullWidth = 'ｅ\u0301ｌｉｓｅ.ｄｕｐｏｎｔ＠ｅｘｅｍｐｌｅ.ｆｒ'; // full-width letters and at sign
    expect(emailKeyOf(precomposed)).toBe('élise.dupont@exemple.fr');
    expect(emailKeyOf(combining)).toBe(emailKeyOf(precomposed));
    expect(emailKeyOf(fullWidth)).toBe(emailKeyOf(precomposed));
    expect(emailKeyOf('  marie@client.test ')).toBe('marie@client.test');
  });

  it('tells different addresses apart', () => {
    expect(emailKeyOf('marie@client.test')).not.toBe(emailKeyOf('marie@client.tests'));
    expect(emailKeyOf('elise@exemple.fr')).not.toBe(emailKeyOf('élise@exemple.fr'));
  });

  it('stores a hash for a key longer than the column, the same for every spelling', () => {
    const long = `${'a'.repeat(240)}ﬀ@${'b'.repeat(10)}.test`; // the ligature expands under NFKC
    expect(emailKeyOf(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(emailKeyOf(long.toUpperCase())).toBe(emailKeyOf(long));
  });
});

describe('subjectHashOf: what the privacy log keeps instead of an address', () => {
  it('is the same for every spelling of one address, and depends on the salt', () => {
    const a = subjectHashOf('salt-1', 'Marie@Client.test');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(subjectHashOf('salt-1', 'marie@client.test')).toBe(a);
    expect(subjectHashOf('salt-2', 'marie@client.test')).not.toBe(a);
    expect(a).not.toContain('marie');
  });
});
