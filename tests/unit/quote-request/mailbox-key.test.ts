import { mailboxKeyOf } from '../../../src/api/quote-request/domain/mailbox-key';

describe('mailboxKeyOf: the mailbox the confirmation cap counts', () => {
  it('counts every sub-address as the mailbox, at any domain', () => {
    for (const address of [
      'victim@client.test',
      'victim+1@client.test',
      'victim+quote@client.test',
      'victim+@client.test',
    ]) {
      expect([address, mailboxKeyOf(address)]).toEqual([address, 'victim@client.test']);
    }
    expect(mailboxKeyOf('jean.dupont+devis@exemple.fr')).toBe('jean.dupont@exemple.fr');
    expect(mailboxKeyOf('ops+a@corp.example')).toBe('ops@corp.example');
  });

  it('cuts at the first + when there are several', () => {
    expect(mailboxKeyOf('victim+a+b@client.test')).toBe('victim@client.test');
    expect(mailboxKeyOf('victim++@client.test')).toBe('victim@client.test');
    expect(mailboxKeyOf('v+1+2+3+4@client.test')).toBe(mailboxKeyOf('v+9@client.test'));
  });

  it('keeps a local part that starts with + whole (there is no mailbox before it)', () => {
    expect(mailboxKeyOf('+tag@client.test')).toBe('+tag@client.test');
    expect(mailboxKeyOf('+1@client.test')).not.toBe(mailboxKeyOf('+2@client.test'));
  });

  it('ignores the case of the domain and of the local part, and surrounding spaces', () => {
    expect(mailboxKeyOf('  Victim+X@CLIENT.Test ')).toBe('victim@client.test');
    expect(mailboxKeyOf('VICTIM@client.test')).toBe(mailboxKeyOf('victim@Client.TEST'));
  });

  it('drops dots in the local part only at domains that ignore them (gmail.com, googlemail.com)', () => {
    expect(mailboxKeyOf('j.o.h.n.doe@gmail.com')).toBe('johndoe@gmail.com');
    expect(mailboxKeyOf('John.Doe+spam@GMail.com')).toBe('johndoe@gmail.com');
    expect(mailboxKeyOf('john.doe@googlemail.com')).toBe('johndoe@gmail.com');
    // Elsewhere a dot names another person.
    expect(mailboxKeyOf('j.doe@client.test')).not.toBe(mailboxKeyOf('jdoe@client.test'));
    expect(mailboxKeyOf('john.doe@outlook.com')).toBe('john.doe@outlook.com');
    expect(mailboxKeyOf('john.doe@gmail.com.evil.test')).toBe('john.doe@gmail.com.evil.test');
  });

  it('treats a quoted local part as its content', () => {
    expect(mailboxKeyOf('"victim+1"@client.test')).toBe('victim@client.test');
    expect(mailboxKeyOf('"victim"@client.test')).toBe('victim@client.test');
    expect(mailboxKeyOf('"v.i.c+x"@gmail.com')).toBe('vic@gmail.com');
    // A quoted at sign stays in the local part: the domain is after the last one.
    expect(mailboxKeyOf('"a@b+c"@client.test')).toBe('a@b@client.test');
    expect(mailboxKeyOf('"esc\\"aped+x"@client.test')).toBe('esc"aped@client.test');
  });

  it('spells an internationalised domain one way (Unicode, punycode, any case)', () => {
    const key = mailboxKeyOf('anna+1@bücher.de');
    expect(key).toBe('anna@xn--bcher-kva.de');
    expect(mailboxKeyOf('Anna@BÜCHER.DE')).toBe(key);
    expect(mailboxKeyOf('anna@XN--BCHER-KVA.de')).toBe(key);
    expect(mailboxKeyOf('anna@bu\u0308cher.de')).toBe(key); // ü as u + combining diaeresis
    expect(mailboxKeyOf('anna@bücher.de.')).toBe(key); // the root's trailing dot
  });

  it('reads Unicode local parts and full-width characters in their compatibility form', () => {
    expect(mailboxKeyOf('Élise+news@exemple.fr')).toBe('élise@exemple.fr');
    expect(mailboxKeyOf('E\u0301lise@exemple.fr')).toBe(mailboxKeyOf('élise@exemple.fr'));
    expect(mailboxKeyOf('ｖｉｃｔｉｍ＋１＠ｃｌｉｅｎｔ.ｔｅｓｔ')).toBe('victim@client.test');
  });

  it('keeps what is not an address, in lower case, so it still matches itself only', () => {
    expect(mailboxKeyOf('not-an-address')).toBe('not-an-address');
    expect(mailboxKeyOf('@client.test')).toBe('@client.test');
    expect(mailboxKeyOf('victim@')).toBe('victim@');
    expect(mailboxKeyOf('victim@[192.0.2.1]')).toBe('victim@[192.0.2.1]');
  });

  it('stores a hash for a key longer than the column, the same for every sub-address', () => {
    const local = 'a'.repeat(250);
    const key = mailboxKeyOf(`${local}+1@client.test`);
    expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(mailboxKeyOf(`${local.toUpperCase()}+2@client.test`)).toBe(key);
  });
});
