/**
 * What one accepted submission costs the database (issue 18): at most 8 statements from the request to
 * its 201, BEGIN and COMMIT included, counted in knex's query log. The outbox is off in this file, so its
 * dispatch (asynchronous, after the commit) is not counted.
 */
import request from 'supertest';
import { nextClientIp } from '../helpers/context';
import { getStrapi, httpServer, INTEGRATION_ENV, useStrapi } from '../helpers/strapi';

useStrapi({ ...INTEGRATION_ENV, EMAIL_OUTBOX_ENABLED: 'false' });

const MAX_STATEMENTS = 7;
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release|start transaction)\b/i;

const submit = () =>
  request(httpServer())
    .post('/api/quote-requests')
    .set('X-Forwarded-For', nextClientIp())
    .send({
      data: {
        fullName: 'Camille Martin',
        email: `camille.${Math.random().toString(36).slice(2, 8)}@client.test`,
        company: 'ACME',
        requestedModel: 'bpo',
        message: 'Nous souhaitons externaliser notre paie (250 salariés).',
        consent: true,
      },
    });

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
});
