/** Quote requests, their notifications and the routing are readable by nobody over the public APIs. */
import request from 'supertest';
import { nextClientIp } from '../helpers/context';
import { body, graphqlBody, restData } from '../helpers/http';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';

const api = () => request(httpServer());

useStrapi();

/** Registers an end user through users-permissions and returns their JWT. */
const endUserJwt = async (): Promise<string> => {
  const suffix = Math.random().toString(36).slice(2, 8);
  const res = await api()
    .post('/api/auth/local/register')
    .set('X-Forwarded-For', nextClientIp())
    .send({ username: `user${suffix}`, email: `user${suffix}@client.test`, password: 'Str0ng-Passw0rd!' });
  expect(res.status).toBe(200);
  return body<{ jwt: string }>(res).jwt;
};

describe('privacy of quote requests and routing', () => {
  let documentId: string;
  let jwt: string;

  beforeAll(async () => {
    const res = await api()
      .post('/api/quote-requests')
      .set('X-Forwarded-For', nextClientIp())
      .send({
        data: {
          fullName: 'Secret Person',
          email: 'secret@client.test',
          company: 'Secret Co',
          requestedModel: 'bpo',
          message: 'This must never be readable publicly.',
          consent: true,
        },
      })
      .expect(201);
    const row = (await getStrapi()
      .db.query('api::quote-request.quote-request')
      .findOne({ where: { reference: restData<{ reference: string }>(res).reference } })) as { documentId: string };
    documentId = row.documentId;
    jwt = await endUserJwt();
  });

  const restAttempts = () =>
    [
      ['get', '/api/quote-requests'],
      ['get', `/api/quote-requests/${documentId}`],
      ['put', `/api/quote-requests/${documentId}`],
      ['delete', `/api/quote-requests/${documentId}`],
      ['get', '/api/quote-routing'],
      ['put', '/api/quote-routing'],
      ['get', '/api/quote-notifications'],
    ] as const;

  it.each([
    ['anonymous', false],
    ['logged-in end user', true],
  ])('refuses every REST read and write to an %s', async (_who, authenticated) => {
    for (const [method, path] of restAttempts()) {
      let req = api()[method](path);
      if (authenticated) req = req.set('Authorization', `Bearer ${jwt}`);
      const res = await req.send({ data: { stage: 'won' } });
      expect([method, path, [403, 404, 405].includes(res.status)]).toEqual([method, path, true]);
      expect(JSON.stringify(res.body)).not.toContain('secret@client.test');
    }
  });

  it.each([
    ['anonymous', false],
    ['logged-in end user', true],
  ])('exposes no quote request, notification or routing query over GraphQL to an %s', async (_who, authenticated) => {
    for (const query of [
      '{ quoteRequests { documentId email } }',
      `{ quoteRequest(documentId: "${documentId}") { email } }`,
      '{ quoteRouting { fallback { email } } }',
      '{ quoteNotifications { recipients } }',
      `mutation { updateQuoteRequest(documentId: "${documentId}", data: { stage: won }) { documentId } }`,
      `mutation { deleteQuoteRequest(documentId: "${documentId}") { documentId } }`,
    ]) {
      let req = api().post('/graphql');
      if (authenticated) req = req.set('Authorization', `Bearer ${jwt}`);
      const res = await req.send({ query });
      const { data, errors } = graphqlBody(res);
      expect(data ?? null).toBeNull();
      expect(errors?.[0].message).toMatch(/Cannot query field/);
      expect(JSON.stringify(res.body)).not.toContain('secret@client.test');
    }
  });

  it('stays private even if an administrator grants the API actions to the Authenticated role', async () => {
    const role = (await getStrapi()
      .db.query('plugin::users-permissions.role')
      .findOne({ where: { type: 'authenticated' } })) as { id: number };
    const actions = ['find', 'findOne', 'update', 'delete'].map((a) => `api::quote-request.quote-request.${a}`);
    const created = (await Promise.all(
      actions.map((action) =>
        getStrapi()
          .db.query('plugin::users-permissions.permission')
          .create({ data: { action, role: role.id } })
      )
    )) as { id: number }[];
    try {
      const res = await api().get('/api/quote-requests').set('Authorization', `Bearer ${jwt}`);
      expect([403, 404, 405]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain('secret@client.test');
    } finally {
      await getStrapi()
        .db.query('plugin::users-permissions.permission')
        .deleteMany({ where: { id: { $in: created.map((p) => p.id) } } });
    }
  });
});
