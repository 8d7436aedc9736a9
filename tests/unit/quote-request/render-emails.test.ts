import { displayNameOf } from '../../../src/utils/mail-identity';
import {
  adminLinkOf,
  greetingName,
  escapeHtml,
  renderConfirmation,
  renderSalesNotification,
  type RenderableRequest,
} from '../../../src/api/quote-request/domain/render-emails';

const request = (overrides: Partial<RenderableRequest> = {}): RenderableRequest => ({
  reference: 'DEV-2026-000123',
  fullName: 'Jane "JD" <Doe>',
  email: 'jane@client.test',
  company: 'ACME & <Co>',
  requestedModel: 'ito',
  message: '<img src=x onerror=alert(1)>\nline 2',
  locale: 'fr',
  receivedAt: new Date('2026-11-26T09:00:00Z'),
  expectedResponseBy: new Date('2026-11-26T13:00:00Z'),
  tags: ['model:ito'],
  ...overrides,
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('renderSalesNotification', () => {
  it('puts the model, the reference and the company in the subject', () => {
    expect(renderSalesNotification(request()).subject).toBe('[ITO] Demande de devis DEV-2026-000123 — ACME & <Co>');
    expect(renderSalesNotification(request({ requestedModel: 'bpo' })).subject).toMatch(/^\[BPO\] /);
    expect(renderSalesNotification(request({ requestedModel: 'undecided' })).subject).toMatch(/^\[À DÉFINIR\] /);
  });

  it('escapes every user-supplied string in the HTML part', () => {
    const { html, text } = renderSalesNotification(
      request({ phone: '<0123>', jobTitle: '<CTO>', sourceUrl: 'https://x.test/?a=<b>' })
    );
    expect(html).not.toMatch(/<img|<Doe>|<Co>|<0123>|<CTO>|<b>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Jane &quot;JD&quot; &lt;Doe&gt;');
    expect(html).toContain('ACME &amp; &lt;Co&gt;');
    expect(text).toContain('<img src=x onerror=alert(1)>\nline 2');
    expect(text).toContain('Téléphone : <0123>');
  });

  it('gives the promised time in the sales desk time zone', () => {
    expect(renderSalesNotification(request()).text).toContain(
      'Réponse attendue avant : jeudi 26 novembre à 14:00 (heure de Paris)'
    );
    const tokyo = renderSalesNotification(request(), 'Asia/Tokyo').text;
    expect(tokyo).toContain('Réponse attendue avant : jeudi 26 novembre à 22:00 (heure de Tokyo)');
    expect(tokyo).toContain('Reçue le : jeudi 26 novembre à 18:00 (heure de Tokyo)');
  });

  it('lists scope and approach only when given', () => {
    expect(renderSalesNotification(request()).text).not.toContain('Démarche');
    expect(renderSalesNotification(request({ scope: 'total', approach: 'tactical' })).text).toMatch(
      /Externalisation : Totale[\s\S]*Démarche : Tactique/
    );
  });

  it('names the language and the tags in words, keeping tags an editor typed', () => {
    const { text, html } = renderSalesNotification(
      request({ locale: 'en', tags: ['model:ito', 'scope:partial', 'approach:strategic', 'salon-2026'] })
    );
    expect(text).toContain('Langue : Anglais');
    expect(text).toContain('Étiquettes : Modèle : ITO, Périmètre : Partielle, Approche : Stratégique, salon-2026');
    expect(text).not.toMatch(/Langue : en|model:|scope:|approach:/);
    expect(html).toContain('Modèle : ITO');
  });
});

describe('renderConfirmation', () => {
  it('answers in French with the reference and the response-time promise', () => {
    const email = renderConfirmation(request());
    expect(email.subject).toBe('Votre demande de devis DEV-2026-000123');
    expect(email.text).toContain('Référence : DEV-2026-000123');
    expect(email.text).toContain('Réponse en moyenne sous quelques heures');
    expect(email.text).toContain('au plus tard le jeudi 26 novembre à 14:00 (heure de Paris).');
    // Only the first word of the name, escaped: the confirmation relays no other requester text.
    expect(email.html).toContain('Bonjour Jane,');
    expect(email.text).not.toContain('Doe');
  });

  it('greets with the first word only when it is a plain name, at most 40 characters', () => {
    expect(greetingName('  Élodie   Durand ')).toBe('Élodie');
    expect(greetingName("D'Artagnan Charles")).toBe("D'Artagnan");
    expect(greetingName('Jean-Luc Picard')).toBe('Jean-Luc');
    expect(greetingName('Zoe\u0301 Martin')).toBe('Zoe\u0301');
    expect(greetingName('Achetez'.repeat(8))).toBe('Achetez'.repeat(8).slice(0, 40));
    for (const hostile of [
      'https://evil.example/reset-password Bob',
      'evil.example Bob',
      'eve@evil.example',
      'www.evil.example',
      '<b>Jane</b>',
      'R2D2 Droid',
      '😀'.repeat(50),
    ]) {
      expect(greetingName(hostile)).toBe('');
    }
  });

  it('says "Bonjour," / "Hello," without a name when the first word is not a plain name', () => {
    const fr = renderConfirmation(request({ fullName: 'https://evil.example/reset-password Bob' }));
    expect(fr.text.split('\n')[0]).toBe('Bonjour,');
    expect(fr.html).toContain('<p>Bonjour,</p>');
    const en = renderConfirmation(request({ fullName: `${'<b>'.repeat(20)} https://evil.example`, locale: 'en' }));
    expect(en.text.split('\n')[0]).toBe('Hello,');
    expect(en.html).toContain('<p>Hello,</p>');
    for (const email of [fr, en]) {
      expect(`${email.subject}${email.text}${email.html}`).not.toMatch(/evil|&lt;b|<b>/);
    }
  });

  it('answers in English for an English request', () => {
    const email = renderConfirmation(request({ locale: 'en' }));
    expect(email.subject).toBe('Your quote request DEV-2026-000123');
    expect(email.text).toContain('Reference: DEV-2026-000123');
    expect(email.text).toContain('We usually reply within a few hours');
    expect(email.text).toContain('by Thursday 26 November at 14:00 (Paris time) at the latest');
  });

  it('states the promise in the sales desk time zone', () => {
    const email = renderConfirmation(request({ locale: 'en' }), 'America/New_York');
    expect(email.text).toContain('by Thursday 26 November at 08:00 (New York time) at the latest');
    expect(renderConfirmation(request(), 'Asia/Tokyo').html).toContain('jeudi 26 novembre à 22:00 (heure de Tokyo)');
  });
});

describe('what issue 13 asked of the mails', () => {
  it('states the received time with its zone and links the sales mail to the request in the admin', () => {
    const { text, html } = renderSalesNotification(request({ documentId: 'abc123' }), 'Europe/Paris', {
      adminUrl: 'https://cms.example.com/admin/',
    });
    expect(text).toContain('Reçue le : jeudi 26 novembre à 10:00 (heure de Paris)');
    const link =
      'https://cms.example.com/admin/content-manager/collection-types/api::quote-request.quote-request/abc123';
    expect(text).toContain(`Ouvrir la demande dans l’administration : ${link}`);
    expect(html).toContain(`<a href="${link}">`);
    expect(renderSalesNotification(request()).text).not.toContain('administration');
  });

  it('signs the confirmation with the company name, in both languages', () => {
    expect(renderConfirmation(request(), 'Europe/Paris', { companyName: 'ACME Conseil' }).text).toMatch(
      /L’équipe commerciale — ACME Conseil$/
    );
    expect(renderConfirmation(request({ locale: 'en' }), 'Europe/Paris', { companyName: 'ACME' }).html).toContain(
      '<p>The sales team — ACME</p>'
    );
    expect(renderConfirmation(request(), 'Europe/Paris', { companyName: '  ' }).text).toMatch(/L’équipe commerciale$/);
  });

  it('reads the company name from EMAIL_FROM by default', () => {
    expect(displayNameOf('ACME Conseil <devis@acme.fr>')).toBe('ACME Conseil');
    expect(displayNameOf('"Dupont & Fils" <a@b.fr>')).toBe('Dupont & Fils');
    expect(displayNameOf('devis@acme.fr')).toBe('');
    expect(adminLinkOf('https://x.test/admin', 'a b')).toBe(
      'https://x.test/admin/content-manager/collection-types/api::quote-request.quote-request/a%20b'
    );
  });
});
