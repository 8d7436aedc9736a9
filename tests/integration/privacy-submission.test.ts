/**
 * What a submission stores for privacy: the consent sentence it agreed to (hash and overview version,
 * in its own language, the text kept once), and no IP hash with QUOTE_STORE_IP=false. The privacy
 * records are read in the admin only: no REST, no GraphQL.
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { nextClientIp } from '../helpers/context';
import { adminToken } from '../helpers/admin';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';
import { importSeed } from '../../src/bootstrap/seed/import-seed';
import { revokeQuoteAccessFromContentRoles } from '../../src/bootstrap/admin-roles';
import { getStrapiService } from '../../src/utils/strapi-services';
import type { QuoteRequestRow } from '../../src/api/quote-request/rows';

const QR = 'api::quote-request.quote-request';
const OVERVIEW = 'api::outsourcing-overview.outsourcing-overview';
const CONSENT_TEXT = 'api::privacy-log.consent-text';
const PRIVACY_LOG = 'api::privacy-log.privacy-log';
const api = () => request(httpServer());

useStrapi({ ...INTEGRATION_ENV, QUOTE_STORE_IP: 'false' });

/** The reference of a 201 receipt. */
const referenceOf = (res: { body: unknown }): string => {
  const body = res.body as { data?: { reference?: unknown } } | null;
  if (typeof body?.data?.reference !== 'string') throw new Error('no reference in the receipt');
  return body.data.reference;
};

interface SeedOverview {
  locales: Record<'fr' | 'en', { quoteCta: { consentLabel: string } }>;
}
const seed = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../database/seed/outsourcing-overview.json'), 'utf8')
) as SeedOverview;
const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

const submit = (data: Record<string, unknown> = {}, ip = nextClientIp()) =>
  api()
    .post('/api/quote-requests')
    .set('X-Forwarded-For', ip)
    .send({
      data: {
        fullName: 'Consent Person',
        email: `consent.${Math.random().toString(36).slice(2, 8)}@client.test`,
        company: 'Proof Co',
        requestedModel: 'bpo',
        message: 'Please keep proof of what I agreed to.',
        consent: true,
        ...data,
      },
    });

const stored = async (reference: string): Promise<QuoteRequestRow> =>
  (await getStrapi().db.query(QR).findOne({ where: { reference } })) as QuoteRequestRow;

interface PublishedRow {
  publishedAt: string | Date;
  quoteCta: { consentLabel: string | null } | null;
}
const published = async (locale: 'fr' | 'en'): Promise<PublishedRow> =>
  (await getStrapi()
    .db.query(OVERVIEW)
    .findOne({
      where: { locale, publishedAt: { $notNull: true } },
      populate: { quoteCta: true },
    })) as PublishedRow;

describe('consent that can be proven', () => {
  it("records the hash and the overview version of the consent sentence in the submission's language", async () => {
    const [fr, en] = [await published('fr'), await published('en')];
    expect(fr.quoteCta?.consentLabel).toBe(seed.locales.fr.quoteCta.consentLabel);
    expect(en.quoteCta?.consentLabel).toBe(seed.locales.en.quoteCta.consentLabel);

    const frRes = await submit({ locale: 'fr' }).expect(201);
    const enRes = await submit({ locale: 'en' }).expect(201);
    const frRow = await stored(referenceOf(frRes));
    const enRow = await stored(referenceOf(enRes));

    expect(frRow.consentTextHash).toBe(sha256(seed.locales.fr.quoteCta.consentLabel));
    expect(frRow.consentTextVersion).toBe(new Date(fr.publishedAt).toISOString());
    expect(enRow.consentTextHash).toBe(sha256(seed.locales.en.quoteCta.consentLabel));
    expect(enRow.consentTextVersion).toBe(new Date(en.publishedAt).toISOString());
    expect(enRow.consentTextHash).not.toBe(frRow.consentTextHash);

    // The sentence itself is kept once per hash, with its language.
    const texts = (await getStrapi()
      .db.query(CONSENT_TEXT)
      .findMany({ where: { hash: { $in: [frRow.consentTextHash, enRow.consentTextHash] } } })) as {
      hash: string;
      text: string;
      language: string;
    }[];
    expect(
      texts
        .map(({ hash, text, language }) => ({ hash, text, language }))
        .sort((a, b) => a.language.localeCompare(b.language))
    ).toEqual([
      { hash: enRow.consentTextHash, text: seed.locales.en.quoteCta.consentLabel, language: 'en' },
      { hash: frRow.consentTextHash, text: seed.locales.fr.quoteCta.consentLabel, language: 'fr' },
    ]);
  });

  it('records the new sentence and version once an editor publishes a change, in that language only', async () => {
    const documents = getStrapi().documents(OVERVIEW);
    const draft = (await documents.findFirst({ locale: 'en', status: 'draft', populate: { quoteCta: true } })) as {
      documentId: string;
      quoteCta: { title: string; text: string; responseTimeNote: string; buttonLabel: string; consentLabel: string };
    };
    const changed = 'I agree that Rouge Hexagone keeps my request for three years to answer it.';
    await documents.update({
      documentId: draft.documentId,
      locale: 'en',
      data: { quoteCta: { ...draft.quoteCta, consentLabel: changed } },
    });
    // Saved but not published: what the form shows (the published sentence) is still recorded.
    const beforePublish = await stored(referenceOf(await submit({ locale: 'en' }).expect(201)));
    expect(beforePublish.consentTextHash).toBe(sha256(seed.locales.en.quoteCta.consentLabel));

    await documents.publish({ documentId: draft.documentId, locale: 'en' });
    const en = await stored(referenceOf(await submit({ locale: 'en' }).expect(201)));
    const fr = await stored(referenceOf(await submit({ locale: 'fr' }).expect(201)));
    expect(en.consentTextHash).toBe(sha256(changed));
    expect(en.consentTextVersion).toBe(new Date((await published('en')).publishedAt).toISOString());
    expect(en.consentTextVersion).not.toBe(beforePublish.consentTextVersion);
    expect(fr.consentTextHash).toBe(sha256(seed.locales.fr.quoteCta.consentLabel));
    expect(
      await getStrapi()
        .db.query(CONSENT_TEXT)
        .count({ where: { hash: sha256(changed), text: changed } })
    ).toBe(1);
  });

  it('exports the consent version and hash in the CSV, for a role allowed to read them', async () => {
    const reference = referenceOf(await submit({ locale: 'fr' }).expect(201));
    const row = await stored(reference);
    const token = await adminToken('strapi-super-admin');
    const res = await api().get('/api/quote-requests/export').set('Authorization', `Bearer ${token}`).expect(200);
    const line = res.text.split('\r\n').find((l) => l.startsWith(`${reference},`));
    expect(line).toContain(`,${row.consentTextVersion},${row.consentTextHash},`);
  });
});

describe('QUOTE_STORE_IP=false', () => {
  it('stores no IP hash, and the rate limit still counts by client address', async () => {
    const ip = nextClientIp();
    const first = await submit({}, ip).expect(201);
    expect((await stored(referenceOf(first))).ipHash).toBeNull();
    for (let i = 0; i < 4; i += 1) await submit({}, ip).expect(201);
    const limited = await submit({}, ip);
    expect(limited.status).toBe(429);
  });
});

describe('privacy records stay in the admin', () => {
  it('has no REST route and no GraphQL query or mutation for the privacy log and consent texts', async () => {
    for (const path of ['/api/privacy-logs', '/api/consent-texts']) {
      const res = await api().get(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
    for (const query of [
      '{ privacyLogs { action } }',
      '{ consentTexts { text } }',
      'mutation { deletePrivacyLog(documentId: "x") { documentId } }',
    ]) {
      const res = await api().post('/graphql').set('X-Forwarded-For', nextClientIp()).send({ query });
      const body = res.body as { errors?: { message: string }[]; data?: unknown };
      expect(body.errors?.[0]?.message ?? '').toMatch(/Cannot query field/);
      expect(body.data ?? null).toBeNull();
    }
  });
});

describe('who reads the privacy records in the admin', () => {
  const list = async (token: string, uid: string): Promise<number> =>
    (
      await fetch(`${httpServer()}/content-manager/collection-types/${uid}`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).status;

  it('shows the privacy log to Super Admin only, and the consent texts to Sales too', async () => {
    const superAdmin = await adminToken('strapi-super-admin');
    const sales = await adminToken('sales');
    const editor = await adminToken('strapi-editor');
    expect(await list(superAdmin, PRIVACY_LOG)).toBe(200);
    expect(await list(sales, PRIVACY_LOG)).toBe(403);
    expect(await list(editor, PRIVACY_LOG)).toBe(403);
    expect(await list(sales, CONSENT_TEXT)).toBe(200);
    expect(await list(editor, CONSENT_TEXT)).toBe(403);
  });

  it('refuses to create a privacy record through the admin API, for every role (a Super Admin included)', async () => {
    const strapi = getStrapi();
    const before = await strapi.db.query(PRIVACY_LOG).count({});
    const record = { action: 'erase', actor: 'admin', requestCount: 1, notificationCount: 0 };
    for (const role of ['strapi-super-admin', 'sales', 'strapi-editor'] as const) {
      const token = await adminToken(role);
      const created = await api()
        .post(`/content-manager/collection-types/${PRIVACY_LOG}`)
        .set('Authorization', `Bearer ${token}`)
        .send(record);
      expect([role, created.status]).toEqual([role, 403]);
    }
    expect(await strapi.db.query(PRIVACY_LOG).count({})).toBe(before);
  });

  it('takes back any privacy-record permission given to Author or Editor, at every start', async () => {
    const strapi = getStrapi();
    const editor = (await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } })) as {
      id: number;
    };
    await getStrapiService('admin::role').assignPermissions(editor.id, [
      { action: 'plugin::content-manager.explorer.read', subject: PRIVACY_LOG },
      { action: 'plugin::content-manager.explorer.read', subject: CONSENT_TEXT },
    ]);
    expect(await revokeQuoteAccessFromContentRoles(strapi)).toBe(2);
    expect(
      await strapi.db.query('admin::permission').count({
        where: { role: { code: 'strapi-editor' }, subject: { $in: [PRIVACY_LOG, CONSENT_TEXT] } },
      })
    ).toBe(0);
  });
});

describe("a person's rights from the admin (API for Super Admins)", () => {
  const call = (
    method: 'get' | 'post',
    documentId: string,
    what: 'personal-data' | 'erase-personal-data',
    token?: string
  ) => {
    const req = api()[method](`/api/quote-requests/${documentId}/${what}`);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  it("exports then erases the data of the request's address, for a Super Admin only, and logs who did it", async () => {
    const email = `rights.${Math.random().toString(36).slice(2, 8)}@client.test`;
    const first = await stored(referenceOf(await submit({ email }).expect(201)));
    const second = await stored(referenceOf(await submit({ email: email.toUpperCase() }).expect(201)));

    expect((await call('get', first.documentId, 'personal-data')).status).toBe(401);
    for (const role of ['sales', 'strapi-editor']) {
      const token = await adminToken(role);
      expect([role, (await call('get', first.documentId, 'personal-data', token)).status]).toEqual([role, 403]);
      expect([role, (await call('post', first.documentId, 'erase-personal-data', token)).status]).toEqual([role, 403]);
    }
    const superAdmin = await adminToken('strapi-super-admin');
    expect((await call('get', 'no-such-document', 'personal-data', superAdmin)).status).toBe(404);

    const exported = await call('get', first.documentId, 'personal-data', superAdmin).expect(200);
    // Written for the person (French, the submission's default): keys and values in words, the notes explained.
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename="donnees-personnelles-/);
    expect(exported.headers['cache-control']).toBe('no-store');
    expect(exported.headers['content-type']).toBe('application/json; charset=utf-8');
    // Indented for the person who reads it, not one long line.
    expect(exported.text.split('\n').length).toBeGreaterThan(10);
    expect(exported.text).toMatch(/^\{\n {2}"/);
    const data = exported.body as Record<string, unknown> & {
      'demandes de devis': (Record<string, unknown> & { consentement: { texte: string | null } })[];
    };
    expect(data['demandes de devis'].map((r) => r['référence'])).toEqual([first.reference, second.reference]);
    expect(data['demandes de devis'][0].consentement.texte).toBeTruthy();
    expect(data['demandes de devis'][0]['modèle demandé']).toBe('BPO');
    expect(data['demandes de devis'][0]['étape']).toBe('Nouvelle');
    expect(Object.keys(data['demandes de devis'][0])).toContain('notes internes de l’équipe commerciale');
    expect(JSON.stringify(data['à propos de ce fichier'])).toContain('article 15');
    expect(exported.text).not.toMatch(/"requestedModel"|"internalNotes"|"bpo"/);

    const erased = await call('post', second.documentId, 'erase-personal-data', superAdmin).expect(200);
    expect((erased.body as { data: { requests: number } }).data.requests).toBe(2);
    for (const row of [first, second]) {
      const after = (await getStrapi()
        .db.query(QR)
        .findOne({ where: { id: row.id } })) as QuoteRequestRow;
      expect(after.anonymizedAt).toBeTruthy();
    }
    // Erasing again: nothing left to erase on this request.
    expect((await call('post', second.documentId, 'erase-personal-data', superAdmin)).status).toBe(409);

    const logs = (await getStrapi()
      .db.query(PRIVACY_LOG)
      .findMany({ where: { actor: 'admin' }, orderBy: { id: 'asc' } })) as { action: string; adminId: number | null }[];
    expect(logs.map((log) => log.action)).toEqual(['export', 'erase']);
    const admin = (await getStrapi()
      .db.query('admin::user')
      .findOne({ where: { id: logs[0].adminId }, populate: ['roles'] })) as { roles: { code: string }[] };
    expect(admin.roles.map((role) => role.code)).toContain('strapi-super-admin');
  });
});

describe('seed on an install that predates the consent sentence', () => {
  it('fills empty consent sentences in every version of the overview and keeps one an editor wrote', async () => {
    const component = getStrapi().db.query('overview.quote-cta');
    const rows = (await component.findMany({ select: ['id'] })) as { id: number }[];
    expect(rows.length).toBeGreaterThanOrEqual(4); // fr and en, draft and published
    await component.updateMany({ where: {}, data: { consentLabel: null } });
    await component.update({ where: { id: rows[0].id }, data: { consentLabel: 'An editor’s own sentence.' } });

    const report = await importSeed(getStrapi());
    expect(report.filled).toBe(rows.length - 1);
    const after = (await component.findMany({ select: ['id', 'consentLabel'] })) as {
      id: number;
      consentLabel: string | null;
    }[];
    expect(after.find((row) => row.id === rows[0].id)?.consentLabel).toBe('An editor’s own sentence.');
    const labels = new Set(after.filter((row) => row.id !== rows[0].id).map((row) => row.consentLabel));
    for (const label of labels) {
      expect([seed.locales.fr.quoteCta.consentLabel, seed.locales.en.quoteCta.consentLabel]).toContain(label);
    }
    // Both languages' published versions have a sentence again: submissions record it.
    for (const locale of ['fr', 'en'] as const) {
      expect((await published(locale)).quoteCta?.consentLabel).toBeTruthy();
    }
  });
});
