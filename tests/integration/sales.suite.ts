import request from 'supertest';
import { nextClientIp } from '../helpers/context';
import { getStrapi, httpServer } from '../helpers/strapi';
import { createPreviewToken } from '../../src/preview/preview';

const QR = 'api::quote-request.quote-request';
const api = () => request(httpServer());

interface RoleRow {
  id: number;
  code: string;
}

/** Creates an admin user with the given role and returns an admin panel access token for it. */
const adminToken = async (roleCode: 'strapi-super-admin' | 'sales' | 'strapi-editor'): Promise<string> => {
  const strapi = getStrapi();
  const role = (await strapi.db.query('admin::role').findOne({ where: { code: roleCode } })) as RoleRow;
  const email = `${roleCode}.${Math.random().toString(36).slice(2, 8)}@rouge-hexagone.test`;
  const password = 'Adm1n-Passw0rd!';
  await (strapi.service('admin::user') as unknown as { create(u: Record<string, unknown>): Promise<unknown> }).create({
    firstname: 'Test',
    lastname: roleCode,
    email,
    password,
    isActive: true,
    roles: [role.id],
  });
  const res = await api().post('/admin/login').send({ email, password });
  expect(res.status).toBe(200);
  return res.body.data.token as string;
};

const submitRequest = async (data: Record<string, unknown>) => {
  const res = await api()
    .post('/api/quote-requests')
    .set('X-Forwarded-For', nextClientIp())
    .send({
      data: {
        fullName: 'Sales Test',
        email: `sales.${Math.random().toString(36).slice(2, 8)}@client.test`,
        company: 'ACME',
        requestedModel: 'bpo',
        message: 'Un message suffisamment long.',
        consent: true,
        ...data,
      },
    })
    .expect(201);
  return res.body.data.reference as string;
};

describe('sales follow-up', () => {
  it('records the first-response time once, when the stage first leaves "new"', async () => {
    const reference = await submitRequest({ requestedModel: 'ito', scope: 'total' });
    const q = getStrapi().db.query(QR);
    const row = await q.findOne({ where: { reference } });
    expect(row.firstResponseAt).toBeNull();
    expect(row.tagList).toBe('model:ito, scope:total');

    await q.update({ where: { id: row.id }, data: { internalNotes: 'Called, left a message' } });
    expect((await q.findOne({ where: { id: row.id } })).firstResponseAt).toBeNull();

    await q.update({ where: { id: row.id }, data: { stage: 'contacted' } });
    const first = (await q.findOne({ where: { id: row.id } })).firstResponseAt;
    expect(first).toBeTruthy();

    await new Promise((r) => setTimeout(r, 20));
    await q.update({ where: { id: row.id }, data: { stage: 'proposal' } });
    expect((await q.findOne({ where: { id: row.id } })).firstResponseAt).toEqual(first);
  });

  it('lets a sales user move the stage in the Content Manager, and shows it back; other fields stay', async () => {
    const reference = await submitRequest({ requestedModel: 'bpo', company: 'Stage Logistique' });
    const row = await getStrapi().db.query(QR).findOne({ where: { reference } });
    const sales = await adminToken('sales');
    const url = `/content-manager/collection-types/${QR}/${row.documentId}`;

    const saved = await api()
      .put(url)
      .set('Authorization', `Bearer ${sales}`)
      .send({ stage: 'contacted', internalNotes: 'Rappel jeudi', company: 'Renamed by sales' })
      .expect(200);
    expect(saved.body.data).toMatchObject({ stage: 'contacted', internalNotes: 'Rappel jeudi' });

    const shown = await api().get(url).set('Authorization', `Bearer ${sales}`).expect(200);
    expect(shown.body.data).toMatchObject({ stage: 'contacted', company: 'Stage Logistique' });
    const stored = await getStrapi().db.query(QR).findOne({ where: { reference } });
    expect(stored).toMatchObject({ stage: 'contacted', company: 'Stage Logistique', internalNotes: 'Rappel jeudi' });
    expect(stored.firstResponseAt).toBeTruthy();
  });

  it('re-tags when an admin changes the scope, keeping the model and hand-added tags', async () => {
    const reference = await submitRequest({ requestedModel: 'kpo' });
    const q = getStrapi().db.query(QR);
    const row = await q.findOne({ where: { reference } });
    await q.update({ where: { id: row.id }, data: { tags: ['model:kpo', 'salon-2026'] } });
    await q.update({ where: { id: row.id }, data: { scope: 'partial' } });
    const updated = await q.findOne({ where: { id: row.id } });
    expect(updated.tags).toEqual(['model:kpo', 'scope:partial', 'salon-2026']);
    expect(updated.tagList).toBe('model:kpo, scope:partial, salon-2026');
  });
});

describe('CSV export of quote requests', () => {
  let superAdmin: string;
  beforeAll(async () => {
    superAdmin = await adminToken('strapi-super-admin');
  });

  const exportCsv = (token: string | undefined, query = '') => {
    const req = api().get(`/api/quote-requests/export${query}`);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  it('exports UTF-8 with BOM, RFC 4180 quoting and formula-neutralised cells', async () => {
    const reference = await submitRequest({
      company: '=HYPERLINK("http://evil.test","click")',
      fullName: '@Mallory, "The" Tester',
      message: 'Ligne 1, avec "guillemets"\nLigne 2 — accentuée',
      requestedModel: 'kpo',
    });
    const res = await exportCsv(superAdmin, '?model=kpo').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="quote-requests-\d{4}-\d{2}-\d{2}\.csv"$/
    );
    const body = res.text;
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const lines = body.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'reference,receivedAt,stage,requestedModel,scope,approach,tags,company,fullName,jobTitle,email,phone,locale,message,sourceUrl,expectedResponseBy,firstResponseAt,notificationStatus,routedTo,internalNotes'
    );
    expect(body).toContain(`${reference},`);
    expect(body).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    expect(body).toContain(`"'@Mallory, ""The"" Tester"`);
    expect(body).toContain('"Ligne 1, avec ""guillemets""\nLigne 2 — accentuée"');
    // Only KPO requests.
    expect(body).not.toMatch(/,bpo,/);
  });

  it('filters by stage and date range', async () => {
    const reference = await submitRequest({ requestedModel: 'bpo' });
    const row = await getStrapi().db.query(QR).findOne({ where: { reference } });
    await getStrapi()
      .db.query(QR)
      .update({ where: { id: row.id }, data: { stage: 'won' } });
    const won = await exportCsv(superAdmin, '?stage=won').expect(200);
    expect(won.text).toContain(reference);
    expect(won.headers['x-total-count']).toBe('1');
    const today = new Date().toISOString().slice(0, 10);
    const todayOnly = await exportCsv(superAdmin, `?from=${today}&to=${today}&stage=won,lost`).expect(200);
    expect(todayOnly.text).toContain(reference);
    const past = await exportCsv(superAdmin, '?from=2020-01-01&to=2020-12-31').expect(200);
    expect(past.headers['x-total-count']).toBe('0');
  });

  it('answers bad filters with 400', async () => {
    for (const query of [
      '?stage=maybe',
      '?status=won',
      '?model=xpo',
      '?from=yesterday',
      '?from=2026-02-01&to=2026-01-01',
      '?format=xlsx',
    ]) {
      const res = await exportCsv(superAdmin, query);
      expect([query, res.status, res.body.error?.name]).toEqual([query, 400, 'ValidationError']);
    }
  });

  it('is for admin users who may read quote requests: sales yes, editors and the public no', async () => {
    await exportCsv(await adminToken('sales')).expect(200);
    const editor = await exportCsv(await adminToken('strapi-editor'));
    expect(editor.status).toBe(403);
    expect((await exportCsv(undefined)).status).toBe(401);
    expect((await exportCsv('not-a-token')).status).toBe(401);
  });
});

describe('admin configuration applied at start-up', () => {
  it('configures the quote request list: columns, newest first', async () => {
    const config = (await (
      getStrapi().plugin('content-manager').service('content-types') as unknown as {
        findConfiguration(ct: {
          uid: string;
        }): Promise<{ settings: Record<string, unknown>; layouts: { list: string[] } }>;
      }
    ).findConfiguration({ uid: QR })) as {
      settings: Record<string, unknown>;
      layouts: { list: string[] };
      metadatas: Record<string, { edit: { label: string } }>;
    };
    expect(config.layouts.list).toEqual(['reference', 'company', 'requestedModel', 'tagList', 'stage', 'createdAt']);
    expect(config.settings).toEqual(
      expect.objectContaining({ defaultSortBy: 'createdAt', defaultSortOrder: 'DESC', mainField: 'reference' })
    );
    expect(config.metadatas.internalNotes.edit.label).toBe('Internal notes');
  });

  it('creates a Sales role that reads requests and may only change stage and notes', async () => {
    const role = (await getStrapi()
      .db.query('admin::role')
      .findOne({ where: { code: 'sales' } })) as RoleRow;
    const permissions = (await getStrapi()
      .db.query('admin::permission')
      .findMany({ where: { role: role.id } })) as {
      action: string;
      subject: string | null;
      properties: { fields?: string[] };
    }[];
    const update = permissions.filter((p) => p.action === 'plugin::content-manager.explorer.update');
    expect(update).toEqual([
      expect.objectContaining({
        subject: QR,
        properties: expect.objectContaining({ fields: ['stage', 'internalNotes'] }),
      }),
    ]);
    expect(
      permissions.some(
        (p) => p.action === 'plugin::content-manager.explorer.read' && p.subject === 'api::quote-routing.quote-routing'
      )
    ).toBe(true);
    expect(permissions.some((p) => p.action.startsWith('plugin::content-type-builder'))).toBe(false);
    expect(permissions.some((p) => p.subject === 'api::outsourcing-category.outsourcing-category')).toBe(false);
  });
});

describe('preview of drafts', () => {
  const secret = () => String(getStrapi().config.get('admin.auth.secret'));

  it('refuses anonymous draft reads, and serves them with a preview token for that content type', async () => {
    const uid = 'api::outsourcing-category.outsourcing-category';
    const docs = getStrapi().documents(uid);
    const bpo = await docs.findFirst({ filters: { code: 'bpo' }, locale: 'fr' });
    await docs.update({ documentId: bpo!.documentId, locale: 'fr', data: { summary: 'Brouillon non publié.' } });

    const anonymous = await api().get('/api/outsourcing-categories?status=draft&locale=fr');
    expect(anonymous.status).toBe(400);
    const published = await api().get('/api/outsourcing-categories?filters[code][$eq]=bpo&locale=fr').expect(200);
    expect(published.body.data[0].summary).not.toBe('Brouillon non publié.');

    const preview = await api()
      .get(`/api/outsourcing-categories/${bpo!.documentId}?status=draft&locale=fr`)
      .set('X-Preview-Token', createPreviewToken({ uid, documentId: bpo!.documentId, locale: 'fr' }, secret()))
      .expect(200);
    expect(preview.body.data.summary).toBe('Brouillon non publié.');
    expect(preview.headers['cache-control']).toBe('private, no-cache');

    const wrongType = await api()
      .get('/api/comparison-pages?status=draft&locale=fr')
      .set('X-Preview-Token', createPreviewToken({ uid, documentId: bpo!.documentId, locale: 'fr' }, secret()));
    expect(wrongType.status).toBe(403);
    const forged = await api()
      .get('/api/outsourcing-categories?status=draft')
      .set('X-Preview-Token', createPreviewToken({ uid, documentId: bpo!.documentId, locale: 'fr' }, 'not-the-secret'));
    expect(forged.status).toBe(403);

    // Leave the seed's published text as the draft again for other suites.
    await docs.discardDraft({ documentId: bpo!.documentId, locale: 'fr' });
  });
});
