/** The sales team's side: pipeline stages, CSV export, the admin set-up applied at start-up, previews. */
import type { Data } from '@strapi/strapi';
import request from 'supertest';
import { nextClientIp } from '../helpers/context';
import { body, restData, type ErrorBody } from '../helpers/http';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';
import { createPreviewToken } from '../../src/preview/preview';
import { getService } from '../../src/utils/get-service';
import { adminToken as adminTokenForRole, createAdminRole } from '../helpers/admin';
import { getStrapiService } from '../../src/utils/strapi-services';

const QR = 'api::quote-request.quote-request';
const api = () => request(httpServer());

useStrapi();

interface RoleRow {
  id: number;
  code: string;
}

type QuoteRequestRow = Data.ContentType<typeof QR>;

/** The stored quote request matching `where`. */
const findRow = async (where: Record<string, unknown>): Promise<QuoteRequestRow> =>
  (await getStrapi().db.query(QR).findOne({ where })) as QuoteRequestRow;

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
  return restData<{ token: string }>(res).token;
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
  return restData<{ reference: string }>(res).reference;
};

describe('sales follow-up', () => {
  it('records the first-response time once, when the stage first leaves "new"', async () => {
    const reference = await submitRequest({ requestedModel: 'ito', scope: 'total' });
    const q = getStrapi().db.query(QR);
    const row = await findRow({ reference });
    expect(row.firstResponseAt).toBeNull();
    expect(row.tagList).toBe('model:ito, scope:total');

    await q.update({ where: { id: row.id }, data: { internalNotes: 'Called, left a message' } });
    expect((await findRow({ id: row.id })).firstResponseAt).toBeNull();

    await q.update({ where: { id: row.id }, data: { stage: 'contacted' } });
    const first = (await findRow({ id: row.id })).firstResponseAt;
    expect(first).toBeTruthy();

    await new Promise((r) => setTimeout(r, 20));
    await q.update({ where: { id: row.id }, data: { stage: 'proposal' } });
    expect((await findRow({ id: row.id })).firstResponseAt).toEqual(first);
  });

  it('lets a sales user move the stage in the Content Manager, and shows it back; other fields stay', async () => {
    const reference = await submitRequest({ requestedModel: 'bpo', company: 'Stage Logistique' });
    const row = await findRow({ reference });
    const sales = await adminToken('sales');
    const url = `/content-manager/collection-types/${QR}/${row.documentId}`;

    const saved = await api()
      .put(url)
      .set('Authorization', `Bearer ${sales}`)
      .send({ stage: 'contacted', internalNotes: 'Rappel jeudi', company: 'Renamed by sales' })
      .expect(200);
    expect(restData(saved)).toMatchObject({ stage: 'contacted', internalNotes: 'Rappel jeudi' });

    const shown = await api().get(url).set('Authorization', `Bearer ${sales}`).expect(200);
    expect(restData(shown)).toMatchObject({ stage: 'contacted', company: 'Stage Logistique' });
    const stored = await findRow({ reference });
    expect(stored).toMatchObject({ stage: 'contacted', company: 'Stage Logistique', internalNotes: 'Rappel jeudi' });
    expect(stored.firstResponseAt).toBeTruthy();
  });

  it('re-tags when an admin changes the scope, keeping the model and hand-added tags', async () => {
    const reference = await submitRequest({ requestedModel: 'kpo' });
    const q = getStrapi().db.query(QR);
    const row = await findRow({ reference });
    await q.update({ where: { id: row.id }, data: { tags: ['model:kpo', 'salon-2026'] } });
    await q.update({ where: { id: row.id }, data: { scope: 'partial' } });
    const updated = await findRow({ id: row.id });
    expect(updated.tags).toEqual(['model:kpo', 'scope:partial', 'salon-2026']);
    expect(updated.tagList).toBe('model:kpo, scope:partial, salon-2026');
  });
});

/** The records of a CSV text (a quoted field may hold line breaks), without the BOM. */
const csvRecords = (text: string): string[] => {
  const records: string[] = [];
  let quoted = false;
  let start = 0;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    if (body[i] === '"') quoted = !quoted;
    else if (!quoted && body[i] === '\r' && body[i + 1] === '\n') {
      records.push(body.slice(start, i));
      start = i + 2;
      i += 1;
    }
  }
  expect(body.slice(start)).toBe(''); // every record ends with CRLF, the last one too
  return records;
};

/**
 * `count` quote requests written straight to the table (as a data import would), created one second
 * apart in groups of 7 sharing a timestamp, so pages end inside a group and the `id` tie-break matters.
 * All on 2019-06-01: `?from=2019-06-01&to=2019-06-01` selects exactly them. Index 0 is the oldest.
 */
const BULK_DAY = '2019-06-01';
const insertBulkRequests = async (count: number): Promise<string[]> => {
  const knex = getStrapi().db.connection;
  const start = Date.parse(`${BULK_DAY}T08:00:00.000Z`);
  const references = Array.from({ length: count }, (_, i) => `QR-BULK-${String(i).padStart(5, '0')}`);
  const rows = references.map((reference, i) => {
    const createdAt = new Date(start + Math.floor(i / 7) * 1000);
    return {
      document_id: `bulk${String(i).padStart(20, '0')}`,
      reference,
      full_name: `Prospect ${i}`,
      email: `prospect.${i}@bulk.test`,
      company: i % 5 === 0 ? `Dupont; Fils, et Cie ${i}` : `Company ${i}`,
      requested_model: 'ito',
      message: `Besoin ${i}: infogérance, support N1; "urgent"\nDeuxième ligne.`,
      consent: true,
      consent_at: createdAt,
      language: 'fr',
      stage: 'qualified',
      tags: JSON.stringify(['model:ito']),
      tag_list: 'model:ito',
      notification_status: 'sent',
      created_at: createdAt,
      updated_at: createdAt,
      published_at: createdAt,
    };
  });
  await knex.batchInsert('quote_requests', rows, 250);
  return references;
};

interface LifecycleEvent {
  action: string;
  model: { uid: string };
  params?: unknown;
}

/**
 * A page of an export's key scan over the bulk rows (the cursor read). The row batches that follow each
 * page are read with their creator populated and are not pages; the outbox and the retention sweep also
 * read quote requests, without the bulk day in their filters.
 */
const isBulkExportPage = (event: LifecycleEvent): boolean => {
  const params = JSON.stringify(event.params ?? {});
  return (
    event.action === 'beforeFindMany' &&
    event.model.uid === QR &&
    params.includes(BULK_DAY) &&
    !params.includes('createdBy')
  );
};

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
      locale: 'en',
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
      'reference,receivedAt,consentTextVersion,consentTextHash,stage,requestedModel,scope,approach,tags,company,fullName,jobTitle,email,phone,locale,message,attachments,sourceUrl,expectedResponseBy,firstResponseAt,notificationStatus,routedTo,internalNotes'
    );
    expect(body).toContain(`${reference},`);
    expect(body).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    expect(body).toContain(`"'@Mallory, ""The"" Tester"`);
    expect(body).toContain('"Ligne 1, avec ""guillemets""\nLigne 2 — accentuée"');
    // The `locale` column is the stored `language` (email, empty phone, locale, message).
    expect(body).toMatch(/@client\.test,,en,"Ligne 1/);
    // Only KPO requests.
    expect(body).not.toMatch(/,bpo,/);
  });

  it('filters by stage and date range', async () => {
    const reference = await submitRequest({ requestedModel: 'bpo' });
    const row = await findRow({ reference });
    await getStrapi()
      .db.query(QR)
      .update({ where: { id: row.id }, data: { stage: 'won' } });
    const won = await exportCsv(superAdmin, '?stage=won').expect(200);
    expect(won.text).toContain(reference);
    // No X-Total-Count: the records are the count (header + 1).
    expect(won.headers['x-total-count']).toBeUndefined();
    expect(csvRecords(won.text)).toHaveLength(2);
    const today = new Date().toISOString().slice(0, 10);
    const todayOnly = await exportCsv(superAdmin, `?from=${today}&to=${today}&stage=won,lost`).expect(200);
    expect(todayOnly.text).toContain(reference);
    const past = await exportCsv(superAdmin, '?from=2020-01-01&to=2020-12-31').expect(200);
    expect(csvRecords(past.text)).toHaveLength(1);
  });

  it('answers bad filters with 400', async () => {
    for (const query of [
      '?stage=maybe',
      '?status=won',
      '?model=xpo',
      '?from=yesterday',
      '?from=2026-02-01&to=2026-01-01',
      '?format=xlsx',
      '?separator=tab',
      '?separator=',
      '?separator=SEMICOLON',
    ]) {
      const res = await exportCsv(superAdmin, query);
      expect([query, res.status, body<Partial<ErrorBody>>(res).error?.name]).toEqual([query, 400, 'ValidationError']);
    }
  });

  it("applies the Content Manager list's filters (the list's Export button), within the role's fields", async () => {
    const marker = `Listfilter ${Math.random().toString(36).slice(2, 8)}`;
    const ito = await submitRequest({ requestedModel: 'ito', company: `${marker} ITO` });
    const kpo = await submitRequest({ requestedModel: 'kpo', company: `${marker} KPO` });
    await getStrapi()
      .db.query(QR)
      .update({ where: { reference: kpo }, data: { internalNotes: `${marker} secret` } });
    const q = (filters: string) => exportCsv(superAdmin, `?${filters}`).expect(200);

    // The list's URL syntax, as the admin sends it (qs brackets).
    const byModel = await q(
      `filters[$and][0][requestedModel][$eq]=ito&filters[$and][1][company][$startsWith]=${encodeURIComponent(marker)}`
    );
    expect(csvRecords(byModel.text)).toHaveLength(2);
    expect(byModel.text).toContain(`${ito},`);
    expect(byModel.text).not.toContain(`${kpo},`);
    const both = await q(`filters[company][$startsWith]=${encodeURIComponent(marker)}`);
    expect(csvRecords(both.text)).toHaveLength(3);

    // A role that may not read the notes cannot filter on them either: refused (400), as in the
    // Content Manager list, so it is no oracle for the hidden field's content.
    const noNotes = await createAdminRole('Export without notes', [
      {
        action: 'plugin::content-manager.explorer.read',
        subject: QR,
        properties: { fields: ['reference', 'company', 'requestedModel'] },
      },
    ]);
    const token = await adminTokenForRole(noNotes);
    for (const notes of [`${marker} secret`, 'nothing like it']) {
      const res = await exportCsv(
        token,
        `?filters[company][$startsWith]=${encodeURIComponent(marker)}&filters[internalNotes][$eq]=${encodeURIComponent(notes)}`
      ).expect(400);
      expect([notes, body<Partial<ErrorBody>>(res).error?.name]).toEqual([notes, 'ValidationError']);
      expect(res.text).not.toContain('secret');
    }

    for (const query of ['?filters=stage', '?filters[0]=x', '?filters[requestedModel][$nope]=ito']) {
      const res = await exportCsv(superAdmin, query);
      expect([query, res.status, body<Partial<ErrorBody>>(res).error?.name]).toEqual([query, 400, 'ValidationError']);
    }
  });

  it('is for admin users who may read quote requests: sales yes, editors and the public no', async () => {
    await exportCsv(await adminToken('sales')).expect(200);
    const editor = await exportCsv(await adminToken('strapi-editor'));
    expect(editor.status).toBe(403);
    expect((await exportCsv(undefined)).status).toBe(401);
    expect((await exportCsv('not-a-token')).status).toBe(401);
  });

  it('format=excel-fr: the file a French Excel opens as it is (;, French titles, times in the desk zone)', async () => {
    const reference = await submitRequest({
      requestedModel: 'ito',
      scope: 'partial',
      company: 'Durand, Fils; et Cie',
      phone: '+33 6 12 34 56 78',
    });
    // A moment whose Paris time is known: 2026-12-04 19:14 UTC is 20:14 in Paris (winter time).
    await getStrapi()
      .db.query(QR)
      .update({ where: { reference }, data: { expectedResponseBy: new Date('2026-12-04T19:14:00.000Z') } });
    const res = await exportCsv(superAdmin, '?model=ito&format=excel-fr').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/filename="demandes-de-devis-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = csvRecords(res.text);
    const titles = header.split(';');
    expect(titles).toEqual(
      expect.arrayContaining([
        'Référence',
        'Reçue le',
        'Étape',
        'Modèle demandé',
        'Entreprise',
        'Réponse promise avant',
      ])
    );
    expect(titles).not.toContain('receivedAt');
    const row = rows.find((r) => r.startsWith(`${reference};`))!;
    const cells = row.match(/("([^"]|"")*"|[^;]*)(;|$)/g)!.map((cell) => cell.replace(/;$/, ''));
    expect(cells[titles.indexOf('Réponse promise avant')]).toBe('2026-12-04 20:14');
    expect(cells[titles.indexOf('Reçue le')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(cells[titles.indexOf('Entreprise')]).toBe('"Durand, Fils; et Cie"');
    // What a sales person reads first comes first; the consent's version and hash last.
    expect(titles.slice(0, 6)).toEqual(['Référence', 'Reçue le', 'Nom', 'Entreprise', 'Modèle demandé', 'Étape']);
    expect(titles.slice(-2)).toEqual(['Version du texte de consentement', 'Empreinte du texte de consentement']);
    // Every value in words, none raw: stage, model, language, mail delivery, derived tags.
    expect(cells[titles.indexOf('Étape')]).toBe('Nouvelle');
    expect(cells[titles.indexOf('Modèle demandé')]).toBe('ITO');
    expect(cells[titles.indexOf('Langue')]).toBe('Français');
    expect(cells[titles.indexOf('Étiquettes')]).toBe('"Modèle : ITO, Périmètre : Partielle"');
    expect(['En attente', 'Envoyés', 'Envoyés en partie', 'Échec', 'Sans envoi']).toContain(
      cells[titles.indexOf('État des e-mails')]
    );
    // The phone is text Excel keeps as typed (a string formula), without a visible apostrophe.
    expect(cells[titles.indexOf('Téléphone')]).toBe('"=""+33 6 12 34 56 78"""');
    // The consent text's version, a moment, is written like the other dates (local, no ISO string).
    expect(cells[titles.indexOf('Version du texte de consentement')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // The API's default is unchanged; an unknown format is a 400 on its parameter.
    const plain = await exportCsv(superAdmin, '?model=ito').expect(200);
    expect(csvRecords(plain.text)[0]).toMatch(/^reference,receivedAt,/);
    const refused = await exportCsv(superAdmin, '?format=xlsx').expect(400);
    expect(JSON.stringify(refused.body)).toContain('format');
  });

  it('writes a semicolon-separated file for French Excel, quoting cells that hold either separator', async () => {
    const reference = await submitRequest({
      requestedModel: 'undecided',
      company: 'Dupont; Fils, et Cie',
      fullName: 'Marie ＝Curie',
      jobTitle: '＝HYPERLINK("http://evil.test")',
      message: 'Bonjour;=1+1 et aussi ,@SUM(A1) dans le texte.',
    });
    await getStrapi()
      .db.query(QR)
      .update({ where: { reference }, data: { internalNotes: '＋33 1 23 45 67 89 ＠sales' } });
    const res = await exportCsv(superAdmin, '?model=undecided&separator=semicolon').expect(200);
    const [header, ...rows] = csvRecords(res.text);
    expect(header.split(';')).toEqual(expect.arrayContaining(['reference', 'company', 'fullName', 'message']));
    expect(header).not.toContain(',');
    const row = rows.find((r) => r.startsWith(`${reference};`));
    expect(row).toBeDefined();
    // A cell holding `;` or `,` is quoted, so neither Excel locale splits it; formulas only count at a
    // cell's start, where full-width ＝ ＋ are neutralised like their ASCII forms.
    expect(row).toContain(';"Dupont; Fils, et Cie";');
    expect(row).toContain(`;"'＝HYPERLINK(""http://evil.test"")";`);
    expect(row?.endsWith(`;'＋33 1 23 45 67 89 ＠sales`)).toBe(true);
    expect(row).toContain(';"Bonjour;=1+1 et aussi ,@SUM(A1) dans le texte.";');
    expect(row).toContain(';Marie ＝Curie;');

    // The same request in the default comma file: the `;` cell is quoted there too.
    const comma = await exportCsv(superAdmin, '?model=undecided').expect(200);
    expect(comma.text).toContain(',"Dupont; Fils, et Cie",');
    expect(comma.text).toContain(`,"'＝HYPERLINK(""http://evil.test"")",`);
  });

  describe('more rows than one page', () => {
    const TOTAL = 2500;
    let references: string[];
    beforeAll(async () => {
      references = await insertBulkRequests(TOTAL);
    });

    it('exports every matching row, newest first, each once, within the limits of the role', async () => {
      const res = await exportCsv(superAdmin, `?from=${BULK_DAY}&to=${BULK_DAY}`).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
      const [header, ...rows] = csvRecords(res.text);
      expect(header.startsWith('reference,')).toBe(true);
      expect(rows).toHaveLength(TOTAL);
      expect(rows.map((r) => r.slice(0, r.indexOf(',')))).toEqual([...references].reverse());
      expect(rows.find((r) => r.startsWith('QR-BULK-00005,'))).toContain(',"Dupont; Fils, et Cie 5",');

      // Semicolon file: same rows, same order.
      const semicolon = await exportCsv(superAdmin, `?from=${BULK_DAY}&to=${BULK_DAY}&separator=semicolon`).expect(200);
      const semicolonRows = csvRecords(semicolon.text).slice(1);
      expect(semicolonRows.map((r) => r.slice(0, r.indexOf(';')))).toEqual([...references].reverse());

      // A role allowed two fields gets two columns on every page; a condition matching nothing, no row.
      const twoFields = await createAdminRole('Two fields bulk', [
        {
          action: 'plugin::content-manager.explorer.read',
          subject: QR,
          properties: { fields: ['reference', 'stage'] },
        },
      ]);
      const limited = await exportCsv(await adminTokenForRole(twoFields), `?from=${BULK_DAY}&to=${BULK_DAY}`).expect(
        200
      );
      const limitedRecords = csvRecords(limited.text);
      expect(limitedRecords).toHaveLength(TOTAL + 1);
      expect(new Set(limitedRecords)).toEqual(new Set(['reference,stage', ...references.map((r) => `${r},qualified`)]));
      const creatorOnly = await createAdminRole('Creator only bulk', [
        {
          action: 'plugin::content-manager.explorer.read',
          subject: QR,
          properties: { fields: ['reference', 'stage'] },
          conditions: ['admin::is-creator'],
        },
      ]);
      const none = await exportCsv(await adminTokenForRole(creatorOnly), `?from=${BULK_DAY}&to=${BULK_DAY}`).expect(
        200
      );
      expect(csvRecords(none.text)).toEqual(['reference,stage']);
    });

    it('reads the table a page at a time, and no further page once the reader has gone away', async () => {
      const strapi = getStrapi();
      let pages = 0;
      const unsubscribe = strapi.db.lifecycles.subscribe((event: LifecycleEvent) => {
        if (isBulkExportPage(event)) pages += 1;
      });
      try {
        const admin = (await strapi.db
          .query('admin::user')
          .findOne({ where: { roles: { code: 'strapi-super-admin' } }, populate: ['roles'] })) as { id: number };
        const ability = await getStrapiService('admin::permission').engine.generateUserAbility(admin);
        const exporter = getService('quote-export');
        const filters = { from: new Date(`${BULK_DAY}T00:00:00.000Z`), to: new Date(`${BULK_DAY}T23:59:59.999Z`) };

        const complete = await exporter.exportCsv(filters, exporter.checkerFor(ability), { pageSize: 100 });
        let text = '';
        for await (const chunk of complete.stream) text += String(chunk);
        expect(csvRecords(text)).toHaveLength(TOTAL + 1);
        // 25 full pages, then one that finds nothing more.
        expect(pages).toBe(TOTAL / 100 + 1);

        pages = 0;
        const abandoned = await exporter.exportCsv(filters, exporter.checkerFor(ability), { pageSize: 100 });
        await new Promise((resolve) => abandoned.stream.once('readable', resolve));
        expect(String(abandoned.stream.read())).toContain('reference');
        abandoned.stream.destroy();
        await new Promise((resolve) => setTimeout(resolve, 300));
        const read = pages;
        expect(read).toBeLessThan(5);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(pages).toBe(read);
      } finally {
        unsubscribe();
      }
    });

    it('cuts the download off when reading fails after the first page, never ending it as a shorter file', async () => {
      const strapi = getStrapi();
      let pages = 0;
      const unsubscribe = strapi.db.lifecycles.subscribe((event: LifecycleEvent) => {
        if (isBulkExportPage(event)) {
          pages += 1;
          if (pages === 2) throw new Error('database went away (test)');
        }
      });
      try {
        const res = await fetch(`${httpServer()}/api/quote-requests/export?from=${BULK_DAY}&to=${BULK_DAY}`, {
          headers: { Authorization: `Bearer ${superAdmin}` },
        });
        expect(res.status).toBe(200);
        await expect(res.text()).rejects.toThrow();
        expect(pages).toBe(2);
      } finally {
        unsubscribe();
      }
    });
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
    // The requested model is the tags' first word: one column less, the list fits a 1440 px screen.
    expect(config.layouts.list).toEqual([
      'reference',
      'company',
      'tagList',
      'stage',
      'expectedResponseBy',
      'createdAt',
    ]);
    expect(config.settings).toEqual(
      expect.objectContaining({ defaultSortBy: 'createdAt', defaultSortOrder: 'DESC', mainField: 'reference' })
    );
    expect(config.metadatas.internalNotes.edit.label).toBe('Notes internes');
    expect(config.metadatas.language.edit.label).toBe('Langue du demandeur');
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
    const read = permissions.find((p) => p.action === 'plugin::content-manager.explorer.read' && p.subject === QR);
    expect(read?.properties.fields).toEqual(expect.arrayContaining(['reference', 'stage', 'language', 'email']));
    const update = permissions.filter((p) => p.action === 'plugin::content-manager.explorer.update');
    expect(update).toEqual([
      expect.objectContaining({
        subject: QR,
        properties: expect.objectContaining({ fields: ['stage', 'internalNotes'] }) as unknown,
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
  const uid = 'api::outsourcing-category.outsourcing-category';
  const secret = () => String(getStrapi().config.get('admin.auth.secret'));
  let bpoId = '';

  beforeAll(async () => {
    const bpo = await getStrapi()
      .documents(uid)
      .findFirst({ filters: { code: 'bpo' }, locale: 'fr' });
    if (!bpo) throw new Error('the seed has no French BPO category');
    bpoId = bpo.documentId;
  });

  // The test drafts a change to the seeded French BPO category: drop that draft after it, also when it
  // fails half-way, so the draft is the published seed text again.
  afterEach(async () => {
    await getStrapi().documents(uid).discardDraft({ documentId: bpoId, locale: 'fr' });
  });

  it('refuses anonymous draft reads, and serves them with a preview token for that content type', async () => {
    await getStrapi()
      .documents(uid)
      .update({ documentId: bpoId, locale: 'fr', data: { summary: 'Brouillon non publié.' } });

    const anonymous = await api().get('/api/outsourcing-categories?status=draft&locale=fr');
    expect(anonymous.status).toBe(400);
    const published = await api().get('/api/outsourcing-categories?filters[code][$eq]=bpo&locale=fr').expect(200);
    expect(restData<{ summary: string }[]>(published)[0].summary).not.toBe('Brouillon non publié.');

    const token = createPreviewToken({ uid, documentId: bpoId, locale: 'fr' }, secret());
    const preview = await api()
      .get(`/api/outsourcing-categories/${bpoId}?status=draft&locale=fr`)
      .set('X-Preview-Token', token)
      .expect(200);
    expect(restData<{ summary: string }>(preview).summary).toBe('Brouillon non publié.');
    expect(preview.headers['cache-control']).toBe('private, no-cache');

    const wrongType = await api().get('/api/comparison-pages?status=draft&locale=fr').set('X-Preview-Token', token);
    expect(wrongType.status).toBe(403);
    const forged = await api()
      .get('/api/outsourcing-categories?status=draft')
      .set('X-Preview-Token', createPreviewToken({ uid, documentId: bpoId, locale: 'fr' }, 'not-the-secret'));
    expect(forged.status).toBe(403);
  });
});
