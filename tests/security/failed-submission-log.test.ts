/**
 * Issue 26, item 2: a submission the database cannot store (the SQLite file locked by a backup or the
 * CLI, a PostgreSQL table locked by a migration) answers Strapi's generic 500, and neither the answer nor
 * any log line holds the requester's personal data. The lock is taken from another connection, as the
 * other process would; the app waits DATABASE_SQLITE_BUSY_TIMEOUT_MS (SQLite) or its lock_timeout
 * (PostgreSQL, through libpq's PGOPTIONS) and gives up.
 */
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { nextClientIp } from '../helpers/context';
import { capturedLog } from '../helpers/log-capture';
import { getStrapi, httpServer, useStrapi } from '../helpers/strapi';

const onPostgres = (process.env.DATABASE_CLIENT ?? 'sqlite') === 'postgres';

useStrapi({
  EMAIL_FROM: 'Rouge Hexagone <devis@rouge-hexagone.test>',
  QUOTE_ROUTING_FALLBACK: 'commercial@rouge-hexagone.test',
  // Nothing else writes while the lock is held: the outbox and the rate-limit table stay quiet.
  EMAIL_OUTBOX_ENABLED: 'false',
  QUOTE_RATE_LIMIT_MAX: '0',
  DATABASE_SQLITE_BUSY_TIMEOUT_MS: '300',
  ...(onPostgres ? { PGOPTIONS: '-c lock_timeout=300' } : {}),
});

/** What the requester typed: none of it may appear in a log line or an answer. */
const PERSONAL = {
  fullName: 'Jeanne Zorglubienne',
  company: 'Privée Confidentielle SA',
  email: 'jeanne.zorglubienne@prive-confidentielle.test',
  phone: '+33 6 12 34 56 78',
  jobTitle: 'Directrice Discrète',
  message: 'Message confidentiel: rachat discret de Hexapodes Industries avant juin.',
};

/** Every value, and the distinctive words of each, so a truncated or re-quoted value is found too. */
const personalFragments = (): string[] => [
  ...Object.values(PERSONAL),
  'Zorglubienne',
  'jeanne.zorglubienne',
  'prive-confidentielle',
  '12 34 56 78',
  'Hexapodes',
  'Confidentielle',
  'confidentiel',
  'Discrète',
];

const submissionData = () => ({
  ...PERSONAL,
  requestedModel: 'ito',
  consent: true,
});

const countRequests = () => getStrapi().db.query('api::quote-request.quote-request').count({});

/**
 * Holds a write lock on the quote requests while `run` runs, from a connection of its own: on SQLite the
 * whole file (`BEGIN EXCLUSIVE`; WAL readers still read), on PostgreSQL the table (EXCLUSIVE mode:
 * reads go on, an INSERT waits).
 */
const whileLocked = async (run: () => Promise<void>): Promise<void> => {
  if (onPostgres) {
    const client = new Client({
      host: process.env.DATABASE_HOST ?? '127.0.0.1',
      port: Number(process.env.DATABASE_PORT ?? 5432),
      user: process.env.DATABASE_USERNAME ?? 'postgres',
      password: process.env.DATABASE_PASSWORD ?? '',
      database: process.env.DATABASE_NAME,
      // This connection waits for nothing: it takes the lock at once.
      options: '',
    });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE quote_requests IN EXCLUSIVE MODE');
      try {
        await run();
      } finally {
        await client.query('ROLLBACK');
      }
    } finally {
      await client.end();
    }
    return;
  }
  const file = process.env.DATABASE_FILENAME;
  if (!file) throw new Error('DATABASE_FILENAME is not set for the SQLite test database');
  const other = new Database(file, { timeout: 5000 });
  try {
    other.exec('BEGIN EXCLUSIVE');
    try {
      await run();
    } finally {
      other.exec('ROLLBACK');
    }
  } finally {
    other.close();
  }
};

interface Answer {
  status: number;
  text: string;
}

const postRest = async (path = '/api/quote-requests'): Promise<Answer> => {
  const res = await fetch(`${httpServer()}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': nextClientIp() },
    body: JSON.stringify({ data: submissionData() }),
  });
  return { status: res.status, text: await res.text() };
};

const postGraphql = async (): Promise<Answer> => {
  const res = await fetch(`${httpServer()}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': nextClientIp() },
    body: JSON.stringify({
      query: `mutation Submit($data: QuoteRequestSubmissionInput!) {
        submitQuoteRequest(data: $data) { reference status expectedResponseBy }
      }`,
      variables: { data: submissionData() },
    }),
  });
  return { status: res.status, text: await res.text() };
};

const expectNoPersonalData = (text: string): void => {
  for (const fragment of personalFragments()) expect(text).not.toContain(fragment);
  // Not the statement with its values either, whoever wrote it.
  expect(text).not.toMatch(/values\s*\(\s*'/i);
};

describe('a submission the database cannot store', () => {
  it('is stored normally when nothing holds a lock (the same data, the same transports)', async () => {
    const rest = await postRest();
    expect(rest.status).toBe(201);
    const graphql = await postGraphql();
    expect(graphql.status).toBe(200);
    expect(JSON.parse(graphql.text)).toMatchObject({ data: { submitQuoteRequest: { status: 'received' } } });
  });

  describe.each(['/api/quote-requests', '/API/Quote-Requests/'])('REST POST %s', (path) => {
    it("answers Strapi's generic 500, and the log names no personal data", async () => {
      const before = await countRequests();
      let answer: Answer | undefined;
      const log = await capturedLog(() =>
        whileLocked(async () => {
          answer = await postRest(path);
        })
      );
      expect(answer?.status).toBe(500);
      expect(JSON.parse(answer?.text ?? '')).toEqual({
        data: null,
        error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error' },
      });
      // The failure is logged (the operator learns of it) ...
      expect(log).toMatch(/a quote request could not be stored/);
      // ... by its class and code only.
      expectNoPersonalData(log);
      expectNoPersonalData(answer?.text ?? '');
      expect(await countRequests()).toBe(before);
    });
  });

  it('over GraphQL (submitQuoteRequest): a bare "Internal Server Error", and the log names no personal data', async () => {
    const before = await countRequests();
    let answer: Answer | undefined;
    const log = await capturedLog(() =>
      whileLocked(async () => {
        answer = await postGraphql();
      })
    );
    const body = JSON.parse(answer?.text ?? '') as {
      data: unknown;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0].message).toBe('Internal Server Error');
    expect(body.errors?.[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(log).toMatch(/\[graphql\] at submitQuoteRequest: .*a quote request could not be stored/);
    expectNoPersonalData(log);
    expectNoPersonalData(answer?.text ?? '');
    expect(await countRequests()).toBe(before);
  });

  it('is accepted again once the lock is released', async () => {
    expect((await postRest()).status).toBe(201);
  });
});

describe("the database connection's own configuration", () => {
  it('has knex leave bound values out of error messages, whatever the client', () => {
    const knexConfig = (getStrapi().db.connection as unknown as { client: { config: Record<string, unknown> } }).client
      .config;
    expect(knexConfig.compileSqlOnError).toBe(false);
  });

  it('a failing statement run through the app names its placeholders, not the values', async () => {
    const secret = PERSONAL.email;
    let failure: unknown;
    try {
      // A column that does not exist: the driver refuses the statement, knex reports it.
      await getStrapi().db.connection('quote_requests').insert({ no_such_column: secret });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toMatch(/insert into/i);
    expect(message).not.toContain(secret);
  });
});
