import request from 'supertest';
import { nextClientIp } from './context';
import { restData } from './http';
import { httpServer } from './strapi';

/** A valid submission (`data` of POST /api/quote-requests) from a fresh address; `overrides` replace fields. */
export const validQuoteData = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  fullName: 'Camille Martin',
  email: `camille.${Math.random().toString(36).slice(2, 8)}@client.test`,
  company: 'ACME',
  requestedModel: 'bpo',
  message: 'Nous souhaitons externaliser notre paie (250 salariés).',
  consent: true,
  ...overrides,
});

/** Posts a valid submission from a fresh client, as a frontend would, expects its 201 and returns the reference. */
export const submitQuote = async (overrides: Record<string, unknown> = {}): Promise<string> => {
  const res = await request(httpServer())
    .post('/api/quote-requests')
    .set('X-Forwarded-For', nextClientIp())
    .send({ data: validQuoteData(overrides) });
  expect(res.status).toBe(201);
  return restData<{ reference: string }>(res).reference;
};
