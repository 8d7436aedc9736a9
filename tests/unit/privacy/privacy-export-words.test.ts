import { buildPrivacyExport } from '../../../src/api/privacy-log/domain/privacy-export';
import { privacyExportInWords } from '../../../src/api/privacy-log/domain/privacy-export-words';
import type { QuoteNotificationRow, QuoteRequestRow } from '../../../src/api/quote-request/rows';

const exported = () =>
  buildPrivacyExport({
    email: 'marie@client.test',
    generatedAt: new Date('2026-12-06T10:00:00Z'),
    requests: [
      {
        id: 1,
        reference: 'DEV-2026-000001',
        createdAt: '2026-12-01T09:00:00Z',
        stage: 'qualified',
        fullName: 'Marie Curie',
        email: 'marie@client.test',
        company: 'Curie SA',
        requestedModel: 'kpo',
        scope: 'partial',
        approach: 'strategic',
        message: 'Bonjour',
        language: 'en',
        tags: ['model:kpo', 'salon-2026'],
        internalNotes: 'Rappeler lundi',
        consent: true,
      } as unknown as QuoteRequestRow,
    ],
    notifications: [
      {
        quoteRequestId: 1,
        kind: 'confirmation',
        deliveryStatus: 'sent',
        recipients: ['marie@client.test'],
      } as unknown as QuoteNotificationRow,
    ],
    consentTexts: new Map(),
  });

describe('privacyExportInWords', () => {
  it('speaks English to an English requester: words for values, the internal notes explained', () => {
    const words = privacyExportInWords(exported(), 'en') as Record<string, unknown> & {
      'quote requests': Record<string, unknown>[];
      'mails sent': Record<string, unknown>[];
    };
    const [request] = words['quote requests'];
    expect(request).toMatchObject({
      reference: 'DEV-2026-000001',
      stage: 'Qualified',
      'requested model': 'KPO',
      scope: 'Partial',
      approach: 'Strategic',
      language: 'English',
      tags: ['Model: KPO', 'salon-2026'],
      'internal notes of the sales team': 'Rappeler lundi',
    });
    expect(words['mails sent'][0]).toMatchObject({ kind: 'confirmation', status: 'sent' });
    expect(JSON.stringify(words['about this file'])).toMatch(/internal notes are included.*article 15/);
  });

  it('speaks French to a French requester, no key or value left raw', () => {
    const text = JSON.stringify(privacyExportInWords(exported(), 'fr'));
    expect(text).toContain('"notes internes de l’équipe commerciale":"Rappeler lundi"');
    expect(text).toContain('"étape":"Qualifiée"');
    expect(text).toContain('"état":"envoyé"');
    expect(text).not.toMatch(/"(requests|stage|requestedModel|internalNotes|qualified|kpo)"/);
  });
});
