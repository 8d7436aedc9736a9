/**
 * What one accepted submission costs the database (issue 18): at most 7 statements from the request to
 * its 201, BEGIN and COMMIT included, counted in knex's query log; submissions arriving together share
 * a transaction on SQLite (group commit). The outbox is off in this file, so its
 * dispatch (asynchronous, after the commit) is not counted.
 */
import request from 'supertest';
import { nextClientIp } from '../helpers/context';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';

useStrapi({ ...INTEGRATION_ENV, EMAIL_OUTBOX_ENABLED: 'false' });

const MAX_STATEMENTS = 7;
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release|start transaction)\b/i;

const SUBMISSION = {
  fullName: 'Camille Martin',
  company: 'ACME',
  requestedModel: 'bpo',
  message: 'Nous souhaitons externaliser notre paie (250 salariés).',
  consent: true,
};

const submit = () =>
  request(httpServer())
    .post('/api/quote-requests')
    .set('X-Forwarded-For', nextClientIp())
    .send({ data: { ...SUBMISSION, email: `camille.${Math.random().toString(36).slice(2, 8)}@client.test` } });

/** The statements the database received while `work` ran. */
const statementsDuring = async (work: () => Promise<unknown>): Promise<string[]> => {
  const sql: string[] = [];
  const listener = (query: { sql?: unknown }) => sql.push(String(query.sql));
  const connection = getStrapi().db.connection;
  connection.on('query', listener);
  try {
    await work();
  } finally {
    connection.off('query', listener);
  }
  return sql;
};

describe('POST /api/quote-requests: database statements', () => {
  it(`stores an accepted submission with at most ${MAX_STATEMENTS} statements, the settings read from cache`, async () => {
    // The first submissions read the routing, the desk's calendar and the consent sentence (and store the
    // sentence, which empties the caches once); from then on the caches answer until an edit.
    await submit().expect(201);
    await submit().expect(201);

    for (let i = 0; i < 3; i += 1) {
      const all = await statementsDuring(async () => {
        await submit().expect(201);
      });
      const statements = all.filter((sql) => !TRANSACTION_CONTROL.test(sql));
      const report = all.map((sql, n) => `${n + 1}. ${sql.slice(0, 140)}`).join('\n');
      // PRINT_STATEMENTS=1 lists them (docs/PERFORMANCE.md quotes the list).
      if (process.env.PRINT_STATEMENTS) process.stdout.write(`${all.length} statements:\n${report}\n`);
      if (all.length > MAX_STATEMENTS) throw new Error(`${all.length} statements:\n${report}`);
      expect(all.length).toBeLessThanOrEqual(MAX_STATEMENTS);
      // One transaction for the request and its outbox rows.
      expect(all.filter((sql) => /^\s*begin\b|^\s*start transaction\b/i.test(sql))).toHaveLength(1);
      // Settings come from the caches, not from their tables.
      expect(
        statements.filter((sql) => /sales_desk|quote_routing|outsourcing_overview|consent_texts/.test(sql))
      ).toEqual([]);
      // Exactly one INSERT of the request and one of its two outbox rows.
      expect(statements.filter((sql) => /^\s*insert into\b[^(]*\bquote_requests\b/i.test(sql))).toHaveLength(1);
      expect(statements.filter((sql) => /^\s*insert into\b[^(]*\bquote_notifications\b/i.test(sql))).toHaveLength(1);
    }
  });

  it('stores submissions that arrive together in shared transactions on SQLite, each with its own rows', async () => {
    const strapi = getStrapi();
    const grouped = strapi.config.get<boolean>('quotes.groupCommit');
    const quotes = strapi.service('api::quote-request.quote-request') as unknown as {
      validate(body: unknown): Promise<unknown>;
      submit(input: unknown, meta: { ip: string }): Promise<{ reference: string }>;
    };
    const concurrent = 8;
    // Submissions whose requests finished reading in the same turn of the event loop (as under a flood,
    // where a turn reads many sockets): the service is called for all of them before the first is stored.
    const inputs = await Promise.all(
      Array.from({ length: concurrent }, (_, i) =>
        quotes.validate({ data: { ...SUBMISSION, email: `group.${i}.${Date.now()}@client.test` } })
      )
    );
    let receipts: { reference: string }[] = [];
    const all = await statementsDuring(async () => {
      receipts = await Promise.all(inputs.map((input) => quotes.submit(input, { ip: nextClientIp() })));
    });
    const references = receipts.map((receipt) => receipt.reference);
    expect(new Set(references).size).toBe(concurrent);

    const begins = all.filter((sql) => /^\s*begin\b|^\s*start transaction\b/i.test(sql)).length;
    const inserts = all.filter((sql) => /^\s*insert into\b[^(]*\bquote_requests\b/i.test(sql)).length;
    expect(inserts).toBe(concurrent);
    if (grouped) {
      // SQLite: fewer transactions than submissions (the first starts alone, the others join the next).
      expect(strapi.db.dialect.client).toBe('sqlite');
      expect(begins).toBe(1);
      // BEGIN and COMMIT once, then five statements per submission.
      expect(all.length).toBe(2 + concurrent * (MAX_STATEMENTS - 2));
    } else {
      expect(begins).toBe(concurrent);
    }

    // Every request has its final reference and its outbox rows, whatever transaction stored it.
    const rows = (await strapi.db.query('api::quote-request.quote-request').findMany({
      where: { reference: { $in: references } },
      select: ['id', 'reference', 'tags'],
    })) as { id: number; reference: string; tags: string[] }[];
    expect(rows.map((row) => row.reference).sort()).toEqual([...references].sort());
    for (const row of rows) {
      expect(row.reference).toBe(`DEV-${new Date().getUTCFullYear()}-${String(row.id).padStart(6, '0')}`);
      expect(row.tags).toContain('model:bpo');
    }
    const outbox = (await strapi.db.query('api::quote-notification.quote-notification').findMany({
      where: { reference: { $in: references } },
      select: ['reference', 'kind'],
    })) as { reference: string; kind: string }[];
    for (const reference of references) {
      expect(
        outbox
          .filter((row) => row.reference === reference)
          .map((row) => row.kind)
          .sort()
      ).toEqual(['confirmation', 'sales']);
    }
  });
});
