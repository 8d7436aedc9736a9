import { addressOf, confirmationIdentity, mailbox } from '../../../src/utils/mail-identity';

describe('confirmationIdentity', () => {
  const defaults = { from: 'Devis <devis@acme.test>', replyTo: 'commercial@acme.test' };

  it('comes from the contact address under the company name, sent by the technical address', () => {
    expect(confirmationIdentity({ companyName: 'ACME Conseil', contactEmail: 'camille@acme.test' }, defaults)).toEqual({
      from: '"ACME Conseil" <camille@acme.test>',
      sender: 'devis@acme.test',
      replyTo: 'camille@acme.test',
    });
  });

  it('needs no Sender when the contact is the sending address', () => {
    expect(confirmationIdentity({ companyName: 'ACME', contactEmail: 'DEVIS@acme.test' }, defaults)).toEqual({
      from: '"ACME" <DEVIS@acme.test>',
      replyTo: 'DEVIS@acme.test',
    });
  });

  it('without a contact address: the company name on the technical address, replies to EMAIL_REPLY_TO', () => {
    expect(confirmationIdentity({ companyName: 'ACME', contactEmail: null }, defaults)).toEqual({
      from: '"ACME" <devis@acme.test>',
      replyTo: 'commercial@acme.test',
    });
  });

  it('drops what could break out of the display name', () => {
    expect(mailbox('Evil" <x@y>\r\nBcc: z@w', 'a@b.test')).toBe('"Evil <x@y>Bcc: z@w" <a@b.test>');
    expect(mailbox('', 'a@b.test')).toBe('a@b.test');
    expect(addressOf('Devis <devis@acme.test>')).toBe('devis@acme.test');
    expect(addressOf(' devis@acme.test ')).toBe('devis@acme.test');
  });
});
