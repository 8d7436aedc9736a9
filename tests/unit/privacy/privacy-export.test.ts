import {
  buildPrivacyExport,
  ownAddressesOnly,
  redactOtherAddresses,
} from '../../../src/api/privacy-log/domain/privacy-export';
import type { QuoteNotificationRow, QuoteRequestRow } from '../../../src/api/quote-request/rows';

const request = (overrides: Partial<QuoteRequestRow> = {}): QuoteRequestRow => ({
  id: 7,
  documentId: 'doc7',
  reference: 'DEV-2026-000007',
  fullName: 'Marie Curie',
  email: 'Marie@Client.test',
  company: 'Institut du Radium',
  requestedModel: 'kpo',
  message: 'Veille documentaire.',
  stage: 'new',
  createdAt: '2026-11-27T08:00:00.000Z',
  expectedResponseBy: '2026-11-27T12:00:00.000Z',
  consent: true,
  consentAt: '2026-11-27T08:00:00.000Z',
  consentTextHash: 'abc',
  consentTextVersion: '2026-11-01T00:00:00.000Z',
  routedTo: ['kpo@rouge-hexagone.test'],
  ...overrides,
});

const notification = (overrides: Partial<QuoteNotificationRow>): QuoteNotificationRow => ({
  id: 1,
  documentId: 'n1',
  quoteRequestId: 7,
  kind: 'sales',
  deliveryStatus: 'sent',
  ...overrides,
});

describe('the access export', () => {
  it('keeps the person’s own address in a recipients list, nobody else’s', () => {
    expect(ownAddressesOnly(['marie@client.test', 'kpo@rouge-hexagone.test'], 'marie@client.test')).toEqual([
      'marie@client.test',
    ]);
    expect(ownAddressesOnly(null, 'marie@client.test')).toEqual([]);
    expect(
      redactOtherAddresses('550 <kpo@rouge-hexagone.test>: unknown; 250 Marie@Client.test ok', 'marie@client.test')
    ).toBe('550 <[address removed]>: unknown; 250 Marie@Client.test ok');
  });

  it('lists the requests with the consent sentence agreed to, and the mails without other addresses', () => {
    const result = buildPrivacyExport({
      email: 'marie@client.test',
      generatedAt: new Date('2026-11-28T00:00:00Z'),
      requests: [request()],
      notifications: [
        notification({ recipients: ['kpo@rouge-hexagone.test'], cc: ['direction@rouge-hexagone.test'] }),
        notification({ id: 2, kind: 'confirmation', recipients: ['Marie@Client.test'], cc: [] }),
      ],
      consentTexts: new Map([['abc', { hash: 'abc', text: 'J’accepte…', language: 'fr' }]]),
    });
    expect(result.requests[0]).toMatchObject({
      reference: 'DEV-2026-000007',
      email: 'Marie@Client.test',
      consent: { given: true, textHash: 'abc', textVersion: '2026-11-01T00:00:00.000Z', text: 'J’accepte…' },
    });
    expect(result.notifications.map((n) => [n.kind, n.recipients, n.cc])).toEqual([
      ['sales', [], []],
      ['confirmation', ['Marie@Client.test'], []],
    ]);
    expect(JSON.stringify(result)).not.toContain('rouge-hexagone');
  });
});
