import crypto from 'crypto';
import os from 'os';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { retryDelayMs } from '../api/quote-request/domain/schedule';
import type { FrontendEvent } from './event-payload';
import type { FrontendEventSettings } from './settings';
import { webhookHeaders } from './signature';

/**
 * The durable outbox of publish events, like the mail outbox (src/api/quote-notification): a row per
 * event in table `frontend_events` (database/migrations/2026.12.05T00.00.00.frontend-events-outbox.js),
 * written in the transaction of the publish; a dispatcher claims due rows with one conditional UPDATE
 * (so with several instances each event is sent by one), POSTs them signed (Standard Webhooks, ./signature.ts:
 * `webhook-id` is the row's event id on every attempt, `webhook-timestamp` the attempt's), and records the outcome
 * fenced by its claim. A refused or failed delivery is retried with exponential backoff; after
 * FRONTEND_REVALIDATE_MAX_ATTEMPTS the row stays as `failed` (logged), never deleted. The editor's save
 * never waits for the receiver: delivery starts after the commit.
 */
export const FRONTEND_EVENTS_TABLE = 'frontend_events';

export type FrontendEventStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface FrontendEventRow {
  id: number;
  event_id: string;
  body: string;
  status: FrontendEventStatus;
  attempts: number;
  next_attempt_at: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface FrontendDispatchReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

const MAX_ERROR_LENGTH = 1000;

type RawRow = Record<string, unknown>;

/** `fetch failed: connect ECONNREFUSED 127.0.0.1:3000`: the message and its cause (undici puts the reason there). */
const describeFailure = (error: unknown): string => {
  const messageOf = (value: unknown): string =>
    value !== null && typeof value === 'object' && 'message' in value ? String(value.message) : String(value);
  const cause = error !== null && typeof error === 'object' && 'cause' in error ? error.cause : undefined;
  return cause === undefined ? messageOf(error) : `${messageOf(error)}: ${messageOf(cause)}`;
};

/** PostgreSQL returns bigint columns as strings. */
const toRow = (raw: RawRow): FrontendEventRow => ({
  id: Number(raw.id),
  event_id: String(raw.event_id),
  body: String(raw.body),
  status: raw.status as FrontendEventStatus,
  attempts: Number(raw.attempts),
  next_attempt_at: Number(raw.next_attempt_at),
  locked_by: typeof raw.locked_by === 'string' ? raw.locked_by : null,
  locked_until: raw.locked_until === null || raw.locked_until === undefined ? null : Number(raw.locked_until),
  last_error: typeof raw.last_error === 'string' ? raw.last_error : null,
  created_at: Number(raw.created_at),
  sent_at: raw.sent_at === null || raw.sent_at === undefined ? null : Number(raw.sent_at),
});

export interface FrontendEventOutbox {
  /** Stores the events in the current transaction (the publish's); delivery starts after its commit. */
  enqueue(events: FrontendEvent[]): Promise<void>;
  /** One claim-and-deliver pass (tests and the interval call it). */
  dispatchDue(): Promise<FrontendDispatchReport>;
  /** Asks for a pass soon (after a commit). */
  kick(): void;
  start(): void;
  stop(): Promise<void>;
  rows(): Promise<FrontendEventRow[]>;
}

export const createFrontendEventOutbox = (
  strapi: Core.Strapi,
  settings: FrontendEventSettings
): FrontendEventOutbox => {
  const instanceId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const schemaName = (): string | undefined => strapi.db.getSchemaName();
  const table = (connection: Knex | Knex.Transaction = strapi.db.connection): Knex.QueryBuilder => {
    const schema = schemaName();
    return schema ? connection(FRONTEND_EVENTS_TABLE).withSchema(schema) : connection(FRONTEND_EVENTS_TABLE);
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let rerun = false;
  let stopped = true;
  let claimCounter = 0;

  /** Due rows: pending and due, or claimed by an instance whose lease ran out (it died mid-send). */
  const due =
    (now: number) =>
    (query: Knex.QueryBuilder): void => {
      void query
        .where((pending) => {
          void pending.where('status', 'pending').andWhere('next_attempt_at', '<=', now);
        })
        .orWhere((abandoned) => {
          void abandoned.where('status', 'sending').andWhere('locked_until', '<', now);
        });
    };

  const claim = async (): Promise<{ token: string; rows: FrontendEventRow[] }> => {
    const now = Date.now();
    const candidates = (await table()
      .select('id')
      .where(due(now))
      .orderBy('id', 'asc')
      .limit(settings.batchSize)) as RawRow[];
    claimCounter += 1;
    const token = `${instanceId}:${claimCounter}`;
    if (candidates.length === 0) return { token, rows: [] };
    const ids = candidates.map((row) => Number(row.id));
    // Re-checked on each row by the UPDATE: a row another instance claimed in between no longer matches.
    await table()
      .whereIn('id', ids)
      .andWhere(due(now))
      .update({ status: 'sending', locked_by: token, locked_until: now + settings.leaseMs });
    const rows = (await table()
      .select('*')
      .where({ locked_by: token, status: 'sending' })
      .orderBy('id', 'asc')) as RawRow[];
    return { token, rows: rows.map(toRow) };
  };

  /** Records an outcome only while the row still carries this claim (a claim taken over is not overwritten). */
  const settle = (row: FrontendEventRow, token: string, data: Record<string, unknown>) =>
    table()
      .where({ id: row.id, locked_by: token })
      .update({ ...data, locked_by: null, locked_until: null });

  const deliver = async (row: FrontendEventRow, token: string, report: FrontendDispatchReport): Promise<void> => {
    const attempts = row.attempts + 1;
    let failure: string | undefined;
    try {
      const response = await fetch(settings.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...webhookHeaders(row.event_id, row.body, settings.signing.key),
          'User-Agent': 'outsourcing-cms-frontend-events',
        },
        body: row.body,
        signal: AbortSignal.timeout(settings.timeoutMs),
        redirect: 'error',
      });
      // The body is not used; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) failure = `HTTP ${response.status} ${response.statusText}`;
    } catch (error) {
      failure = describeFailure(error);
    }
    const now = Date.now();
    if (!failure) {
      await settle(row, token, { status: 'sent', attempts, sent_at: now, last_error: null });
      report.sent += 1;
      return;
    }
    const lastError = failure.slice(0, MAX_ERROR_LENGTH);
    if (attempts >= settings.maxAttempts) {
      await settle(row, token, { status: 'failed', attempts, last_error: lastError });
      strapi.log.error(
        `[frontend-events] event ${row.event_id} failed after ${attempts} attempts (${lastError}); kept in ${FRONTEND_EVENTS_TABLE}`
      );
      report.failed += 1;
      return;
    }
    const delay = retryDelayMs(attempts, settings.retryBaseMs, settings.retryMaxMs, Math.random());
    await settle(row, token, { status: 'pending', attempts, next_attempt_at: now + delay, last_error: lastError });
    strapi.log.warn(`[frontend-events] event ${row.event_id} not delivered (${lastError}); retry in ${delay} ms`);
    report.retried += 1;
  };

  const dispatchDue = async (): Promise<FrontendDispatchReport> => {
    const report: FrontendDispatchReport = { claimed: 0, sent: 0, retried: 0, failed: 0 };
    if (!settings.url) return report;
    // Full batches follow one another until the due rows are out.
    for (;;) {
      const { token, rows } = await claim();
      report.claimed += rows.length;
      // In order: a publish then an unpublish of one document reach the receiver in that order.
      for (const row of rows) await deliver(row, token, report);
      if (rows.length < settings.batchSize || stopped) return report;
    }
  };

  const pass = (): void => {
    if (running) {
      rerun = true;
      return;
    }
    running = dispatchDue()
      .then(
        () => undefined,
        (error: unknown) => {
          strapi.log.error(
            `[frontend-events] dispatch pass failed: ${error instanceof Error ? error.message : String(error)}`
          );
        }
      )
      .finally(() => {
        running = undefined;
        if (rerun && !stopped) {
          rerun = false;
          pass();
        }
      });
  };

  const kick = (): void => {
    if (!stopped) setImmediate(pass);
  };

  return {
    async enqueue(events) {
      if (events.length === 0) return;
      const now = Date.now();
      await strapi.db.transaction(
        async ({ trx, onCommit }: { trx: Knex.Transaction; onCommit: (cb: () => void) => void }) => {
          await table(trx).insert(
            events.map((event) => ({
              event_id: event.id,
              body: JSON.stringify(event),
              status: 'pending',
              attempts: 0,
              next_attempt_at: now,
              created_at: now,
            }))
          );
          onCommit(kick);
        }
      );
    },
    dispatchDue,
    kick,
    start() {
      if (!settings.url || !settings.dispatchEnabled || !stopped) return;
      stopped = false;
      timer = setInterval(pass, Math.max(100, settings.intervalMs));
      timer.unref();
      pass();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
    async rows() {
      return ((await table().select('*').orderBy('id', 'asc')) as RawRow[]).map(toRow);
    },
  };
};
