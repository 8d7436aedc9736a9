/**
 * Upgrading in place on the embedded default: a SQLite file written by release 0.1.0 (better-sqlite3 12 on
 * Node.js 20) opens with the current code (better-sqlite3 13 on the maintained Node.js lines), keeps its
 * content and its quote request, and takes new submissions.
 */
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import request from 'supertest';
import { nextClientIp, smtp } from '../../helpers/context';
import { restData } from '../../helpers/http';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../../helpers/strapi';

const QR = 'api::quote-request.quote-request';
const QN = 'api::quote-notification.quote-notification';
const onSqlite = (process.env.DATABASE_CLIENT ?? 'sqlite') === 'sqlite';

const fixture = path.join(__dirname, '..', '..', 'fixtures', 'sqlite-release-0.1.0.db.gz');
const copy = path.resolve(process.cwd(), '.tmp', `test-upgrade-${process.pid}-${Date.now()}.db`);

if (onSqlite) {
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.writeFileSync(copy, zlib.gunzipSync(fs.readFileSync(fixture)));
  useStrapi({ ...INTEGRATION_ENV, DATABASE_FILENAME: copy });
  afterAll(() => {
    for (const file of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(file, { force: true });
  });
}

interface Category {
  code: string;
  summary: string;
  examples: unknown[];
}

(onSqlite ? describe : describe.skip)('a SQLite database written by release 0.1.0', () => {
  it('keeps the quote request and its pending mails, which the outbox then sends', async () => {
    const rows = await getStrapi()
      .db.query(QR)
      .findMany({ where: { reference: 'DEV-2026-000001' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: 'camille.martin@client.test', requestedModel: 'ito' });
    const notifications = (await getStrapi()
      .db.query(QN)
      .findMany({ where: { reference: 'DEV-2026-000001' } })) as { kind: string }[];
    expect(notifications.map((n) => n.kind).sort()).toEqual(['confirmation', 'sales']);
    // Both were left pending: the release ran with no SMTP server and an empty routing, which the upgrade
    // keeps (the admin owns it). Once Sales fill it in, both go out.
    const routing = await getStrapi().documents('api::quote-routing.quote-routing').findFirst({});
    if (!routing) throw new Error('the release wrote no Quote routing document');
    expect(routing.itoAddresses ?? '').toBe('');
    await getStrapi()
      .documents('api::quote-routing.quote-routing')
      .update({ documentId: routing.documentId, data: { itoAddresses: 'ito@rouge-hexagone.test' } });
    const mails = await smtp.waitFor((m) => (m.parsed?.subject ?? '').includes('DEV-2026-000001'), 2, 30000);
    const recipients = mails.flatMap((m) => m.envelopeTo);
    expect(recipients).toEqual(expect.arrayContaining(['camille.martin@client.test', 'ito@rouge-hexagone.test']));
  });

  it('serves the content it held, once per locale, without seeding it twice', async () => {
    for (const locale of ['fr', 'en']) {
      const res = await request(httpServer()).get(`/api/outsourcing-categories?locale=${locale}&populate=examples`);
      expect(res.status).toBe(200);
      const categories = restData<Category[]>(res);
      expect(categories.map((c) => c.code).sort()).toEqual(['bpo', 'ito', 'kpo']);
      expect(categories.every((c) => c.summary.length > 0 && c.examples.length > 0)).toBe(true);
    }
  });

  it('takes a new submission next to the old one', async () => {
    const res = await request(httpServer())
      .post('/api/quote-requests')
      .set('X-Forwarded-For', nextClientIp())
      .send({
        data: {
          fullName: 'Louis Bernard',
          email: 'louis.bernard@client.test',
          company: 'Bernard & Fils',
          requestedModel: 'kpo',
          message: 'Analyse de données pour notre service marketing.',
          consent: true,
        },
      });
    expect(res.status).toBe(201);
    expect(await getStrapi().db.query(QR).count()).toBe(2);
  });
});
