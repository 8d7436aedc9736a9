/**
 * Issue 26, item 9: consent texts and privacy-log rows are append-only for every role, a Super Admin
 * included. Update, delete, bulk delete, clone through the admin API: 403, the row unchanged. A
 * privacy-log row is never typed by hand; a consent text may be added (by a role allowed to create)
 * only as the sentence its hash says. No REST route, no GraphQL operation.
 */
import crypto from 'crypto';
import { adminToken, apiToken, createAdminRole } from '../helpers/admin';
import { nextClientIp } from '../helpers/context';
import type { ErrorBody } from '../helpers/http';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { newDocumentId } from '../../src/utils/document-id';
import { getService } from '../../src/utils/get-service';

const CONSENT_TEXT = 'api::privacy-log.consent-text';
const PRIVACY_LOG = 'api::privacy-log.privacy-log';
const CM = '/content-manager/collection-types';
const ALL_ACTIONS = ['create', 'read', 'update', 'delete'].map((verb) => `plugin::content-manager.explorer.${verb}`);

useStrapi({ ...INTEGRATION_ENV, QUOTE_RATE_LIMIT_MAX: '0' });

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

interface Row {
  id: number;
  documentId: string;
  [field: string]: unknown;
}

/** A row as the application writes it (through the query engine). */
const storeConsentText = async (text: string): Promise<Row> =>
  (await getStrapi()
    .db.query(CONSENT_TEXT)
    .create({
      data: {
        documentId: newDocumentId(),
        publishedAt: new Date(),
        hash: sha256(text),
        text,
        language: 'fr',
        firstVersion: '2026-11-01T10:00:00.000Z',
      },
    })) as Row;

const storePrivacyLog = async (): Promise<Row> => {
  await getService('privacy').erase(`nobody.${Math.random().toString(36).slice(2, 8)}@example.test`, { kind: 'cli' });
  const rows = (await getStrapi()
    .db.query(PRIVACY_LOG)
    .findMany({ orderBy: { id: 'desc' }, limit: 1 })) as Row[];
  return rows[0];
};

const call = (token: string, method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${httpServer()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const snapshot = async (uid: string): Promise<unknown[]> =>
  getStrapi()
    .db.query(uid)
    .findMany({ orderBy: { id: 'asc' } });

/** Every way the admin API changes or removes a row, in the spellings the router accepts. */
const changes = (uid: string, row: Row, edit: Record<string, unknown>): [string, string, unknown?][] => [
  ['PUT', `${CM}/${uid}/${row.documentId}`, edit],
  ['PUT', `/Content-Manager/Collection-Types/${uid}/${row.documentId}/`, edit],
  ['DELETE', `${CM}/${uid}/${row.documentId}`],
  ['DELETE', `${CM}/${uid}/${row.documentId}/`],
  ['POST', `${CM}/${uid}/actions/bulkDelete`, { documentIds: [row.documentId] }],
  ['POST', `${CM}/${uid}/clone/${row.documentId}`, edit],
  ['POST', `${CM}/${uid}/auto-clone/${row.documentId}`, {}],
  ['POST', `${CM}/${uid}/${row.documentId}/actions/publish`, {}],
  ['POST', `${CM}/${uid}/${row.documentId}/actions/unpublish`, {}],
  ['POST', `${CM}/${uid}/${row.documentId}/actions/discard`, {}],
];

let consentRow: Row;
let logRow: Row;
let everything = '';

beforeAll(async () => {
  consentRow = await storeConsentText(`J'accepte d'être recontacté ${Math.random().toString(36).slice(2, 8)}.`);
  logRow = await storePrivacyLog();
  // A role an administrator gave every Content Manager action on both types: still refused.
  everything = await createAdminRole(
    'Privacy records, every action',
    [CONSENT_TEXT, PRIVACY_LOG].flatMap((subject) => ALL_ACTIONS.map((action) => ({ action, subject })))
  );
});

const ROLES = () => ['strapi-super-admin', everything, 'sales', 'strapi-editor', 'strapi-author'];

describe('no role changes or removes a consent text or a privacy-log row', () => {
  it.each([
    ['consent text', CONSENT_TEXT, () => consentRow, { text: 'Autre phrase', hash: sha256('Autre phrase') }],
    ['privacy-log row', PRIVACY_LOG, () => logRow, { action: 'export', requestCount: 0, subjectHash: 'forged' }],
  ])(
    '%s: update, delete, bulk delete, clone, publish → refused, the table unchanged',
    async (_name, uid, row, edit) => {
      const before = await snapshot(uid);
      for (const role of ROLES()) {
        const token = await adminToken(role);
        for (const [method, path, body] of changes(uid, row(), edit)) {
          const res = await call(token, method, path, body);
          const label = `${role} ${method} ${path}`;
          // Publication actions: 400, the type has no draft and publish (403 for a role without the
          // permission). Auto-clone: Strapi's own 400 for a type with a unique field, or 403. Every other
          // change: 403.
          const publication = /\/actions\/(publish|unpublish|discard)$/.test(path);
          const expected = publication || path.includes('auto-clone') ? [400, 403] : [403];
          expect([label, res.status, expected.includes(res.status)]).toEqual([label, res.status, true]);
          expect(await res.text()).not.toMatch(/Internal Server Error/);
        }
      }
      expect(await snapshot(uid)).toEqual(before);
    }
  );

  it('is refused by the Document Service itself, whoever calls it, with the reason', async () => {
    const consent = getStrapi().documents(CONSENT_TEXT);
    const log = getStrapi().documents(PRIVACY_LOG);
    await expect(consent.delete({ documentId: consentRow.documentId })).rejects.toThrow(/never changed or deleted/);
    await expect(consent.update({ documentId: consentRow.documentId, data: { text: 'Autre phrase' } })).rejects.toThrow(
      /never changed or deleted/
    );
    await expect(log.delete({ documentId: logRow.documentId })).rejects.toThrow(/application only/);
    await expect(log.update({ documentId: logRow.documentId, data: { requestCount: 0 } })).rejects.toThrow(
      /application only/
    );
    // Over HTTP, Strapi's admin authorisation answers any ForbiddenError with its plain 403 body.
    const token = await adminToken('strapi-super-admin');
    const res = await call(token, 'DELETE', `${CM}/${CONSENT_TEXT}/${consentRow.documentId}`);
    const body = (await res.json()) as ErrorBody;
    expect([res.status, body.data, body.error.name]).toEqual([403, null, 'ForbiddenError']);
  });
});

describe('adding rows', () => {
  it('nobody types a privacy-log row, a Super Admin included', async () => {
    const before = await snapshot(PRIVACY_LOG);
    for (const role of ROLES()) {
      const token = await adminToken(role);
      for (const path of [`${CM}/${PRIVACY_LOG}`, `/CONTENT-MANAGER/collection-types/${PRIVACY_LOG}/`]) {
        const res = await call(token, 'POST', path, { action: 'erase', actor: 'admin', requestCount: 3 });
        expect([role, path, res.status]).toEqual([role, path, 403]);
      }
    }
    expect(await snapshot(PRIVACY_LOG)).toEqual(before);
  });

  it('a new consent text is the sentence its hash says: computed, never taken from the request', async () => {
    for (const role of ['strapi-super-admin', everything]) {
      const token = await adminToken(role);
      const text = `Nouvelle formulation ${Math.random().toString(36).slice(2, 8)}.`;
      const created = await call(token, 'POST', `${CM}/${CONSENT_TEXT}`, { text, language: 'fr' });
      expect([role, created.status]).toEqual([role, 201]);
      const row = (await getStrapi().db.query(CONSENT_TEXT).findOne({ where: { text } })) as Row;
      expect([row.hash, row.firstVersion]).toEqual([sha256(text), null]);

      const forged = await call(token, 'POST', `${CM}/${CONSENT_TEXT}`, {
        text: `Une autre phrase ${Math.random()}`,
        hash: consentRow.hash,
        language: 'fr',
      });
      expect([role, forged.status, ((await forged.json()) as ErrorBody).error.name]).toEqual([
        role,
        400,
        'ValidationError',
      ]);
      const backdated = await call(token, 'POST', `${CM}/${CONSENT_TEXT}`, {
        text: `Encore une ${Math.random()}`,
        language: 'fr',
        firstVersion: '2020-01-01T00:00:00.000Z',
      });
      expect([role, backdated.status]).toEqual([role, 400]);
      const again = await call(token, 'POST', `${CM}/${CONSENT_TEXT}`, { text: consentRow.text, language: 'en' });
      expect([role, again.status]).toEqual([role, 400]);
    }
    const stored = (await getStrapi()
      .db.query(CONSENT_TEXT)
      .findOne({ where: { hash: consentRow.hash } })) as Row;
    expect(stored.text).toBe(consentRow.text);
  });

  it('Sales, Editor and Author may not add a consent text', async () => {
    for (const role of ['sales', 'strapi-editor', 'strapi-author']) {
      const token = await adminToken(role);
      const res = await call(token, 'POST', `${CM}/${CONSENT_TEXT}`, { text: `Phrase ${role}`, language: 'fr' });
      expect([role, res.status]).toEqual([role, 403]);
    }
  });

  it('a submission still records its consent sentence (the application writes it)', async () => {
    const res = await fetch(`${httpServer()}/api/quote-requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': nextClientIp() },
      body: JSON.stringify({
        data: {
          fullName: 'Camille Martin',
          email: `camille.${Math.random().toString(36).slice(2, 8)}@client.test`,
          company: 'ACME',
          requestedModel: 'bpo',
          message: 'Externaliser la paie.',
          consent: true,
        },
      }),
    });
    expect(res.status).toBe(201);
    const { reference } = ((await res.json()) as { data: { reference: string } }).data;
    const request = (await getStrapi().db.query('api::quote-request.quote-request').findOne({
      where: { reference },
    })) as Row;
    expect(request.consentTextHash).toMatch(/^[0-9a-f]{64}$/);
    const text = (await getStrapi()
      .db.query(CONSENT_TEXT)
      .findOne({ where: { hash: request.consentTextHash } })) as Row;
    expect(sha256(String(text.text))).toBe(request.consentTextHash);
  });
});

describe('no other door', () => {
  it('REST has no route for either, with or without a full-access API token', async () => {
    const token = await apiToken('full-access');
    const before = [await snapshot(CONSENT_TEXT), await snapshot(PRIVACY_LOG)];
    for (const [method, path] of [
      ['GET', '/api/consent-texts'],
      ['POST', '/api/consent-texts'],
      ['PUT', `/api/consent-texts/${consentRow.documentId}`],
      ['DELETE', `/api/consent-texts/${consentRow.documentId}`],
      ['POST', '/api/privacy-logs'],
      ['PUT', `/api/privacy-logs/${logRow.documentId}`],
      ['DELETE', `/api/privacy-logs/${logRow.documentId}`],
    ]) {
      const res = await call(token, method, path, method === 'GET' || method === 'DELETE' ? undefined : { data: {} });
      // No route: 404, or 405 where the path has a route for another method.
      expect([method, path, [404, 405].includes(res.status)]).toEqual([method, path, true]);
    }
    expect([await snapshot(CONSENT_TEXT), await snapshot(PRIVACY_LOG)]).toEqual(before);
  });

  it('GraphQL has no mutation for either', async () => {
    const token = await apiToken('full-access');
    for (const query of [
      `mutation { updateConsentText(documentId: "${consentRow.documentId}", data: { text: "x" }) { documentId } }`,
      `mutation { deleteConsentText(documentId: "${consentRow.documentId}") { documentId } }`,
      'mutation { createConsentText(data: { text: "x", hash: "y", language: fr }) { documentId } }',
      `mutation { updatePrivacyLog(documentId: "${logRow.documentId}", data: { requestCount: 0 }) { documentId } }`,
      `mutation { deletePrivacyLog(documentId: "${logRow.documentId}") { documentId } }`,
      'mutation { createPrivacyLog(data: { action: erase, actor: admin }) { documentId } }',
    ]) {
      const res = await fetch(`${httpServer()}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      const body = (await res.json()) as { errors?: { message: string }[]; data?: unknown };
      expect([query, body.errors?.[0]?.message ?? '']).toEqual([query, expect.stringMatching(/Cannot query field/)]);
      expect(body.data ?? null).toBeNull();
    }
  });
});
