import crypto from 'crypto';
import os from 'os';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { retryDelayMs } from '../api/quote-request/domain/schedule';
import type { ReceiverSettings } from './receiver-config';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, webhookHeaders } from '../frontend-events/signature';

/**
 * The durable outbox of signed events, shared by every receiver the application POSTs to: the frontends'
 * publish events (`frontend`, FRONTEND_REVALIDATE_URL) and the sales team's CRM (`lead`, LEAD_WEBHOOK_URL).
 * Like the mail outbox (src/api/quote-notification): a row per event and receiver in table `frontend_events`
 * (created by database/migrations/2026.12.05T00.00.00.frontend-events-outbox.js, its `receiver` and `subject`
 * columns added by 2026.12.07T00.00.00.signed-events-receiver.js; the name stays, rows of the previous
 * release are the frontend's), written in the transaction of the change it reports, so a rolled-back change
 * leaves no event and a committed one always has its event.
 *
 * A dispatcher claims due rows with one conditional UPDATE (so with several instances each event is sent by
 * one), POSTs them signed (Standard Webhooks: `webhook-id` is the row's event id on every attempt,
 * `webhook-timestamp` the attempt's), and records the outcome fenced by its claim. For an `ordered` receiver
 * (the CRM) delivery is in order: only the rows from the receiver's oldest undelivered one on are claimed,
 * and a failed delivery stops its batch, so a receiver that was down gets its events in the order they were
 * written, once it is back. A refused or failed delivery is retried with exponential backoff; after the receiver's maxAttempts
 * the row stays as `failed` (logged, counted in the sales desk's figures), never deleted, and the next one
 * goes. The change that wrote an event never waits for the receiver: delivery starts after the commit.
 */
export const SIGNED_EVENTS_TABLE = 'frontend_events';

export const RECEIVERS = ['frontend', 'lead'] as const;
export type ReceiverName = (typeof RECEIVERS)[number];

export type SignedEventStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** Not delivered yet: queued, in backoff after a failed attempt, or claimed by a dispatcher. */
export const WAITING_STATUSES: readonly SignedEventStatus[] = ['pending', 'sending'];

export interface SignedEventRow {
  id: number;
  receiver: ReceiverName;
  event_id: string;
  /** What the event is about, for the receiver's privacy duties (a quote request's reference); null if nothing. */
  subject: string | null;
  body: string;
  status: SignedEventStatus;
  attempts: number;
  next_attempt_at: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

/** One event to store: its id (the `webhook-id`), what it is about, and the JSON body POSTed. */
export interface SignedEventInput {
  id: string;
  subject?: string | null;
  body: unknown;
}

/** Where and how one receiver's events go (src/signed-events/receiver-config.ts). */
export type { ReceiverSettings };

export interface DispatchReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

/** What the sales desk shows of a receiver's queue, like the mail queue. */
export interface ReceiverQueueFigures {
  /** Not delivered yet (pending, in backoff, or being sent). */
  waiting: number;
  /** Given up after the receiver's maxAttempts (kept, never deleted). */
  failed: number;
  /** When the oldest waiting event was written; null when none waits. */
  oldestWaitingSince: string | null;
}

export interface OutboxOptions {
  /**
   * The outbox's clock for schedules and leases (tests move it by an hour instead of waiting one). The
   * signature's `webhook-timestamp` always uses the real time: a receiver refuses one that is too far off.
   */
  now?: () => number;
}

export interface SignedEventOutbox {
  /** Whether this receiver has a URL: events for a receiver without one are not stored. */
  configured(receiver: ReceiverName): boolean;
  /** Stores the events in the current transaction (the change's); delivery starts after its commit. */
  enqueue(receiver: ReceiverName, events: SignedEventInput[]): Promise<void>;
  /** One claim-and-deliver pass for a receiver (tests and the interval call it). */
  dispatchDue(receiver: ReceiverName): Promise<DispatchReport>;
  /** Asks for a pass soon (after a commit). */
  kick(receiver: ReceiverName): void;
  /** Starts the interval of every configured receiver whose dispatch is enabled here. */
  start(): void;
  stop(): Promise<void>;
  rows(receiver: ReceiverName): Promise<SignedEventRow[]>;
  /**
   * Rewrites the bodies of a receiver's events about these subjects (delivered, waiting or failed), in the
   * current transaction: an erasure blanks the personal data they carry. Returns how many rows changed.
   */
  rewriteSubjects(receiver: ReceiverName, subjects: string[], rewrite: (body: string) => string): Promise<number>;
  /** Whether this receiver has any event about this subject (delivered, waiting or failed), read in the current transaction. */
  hasSubject(receiver: ReceiverName, subject: string): Promise<boolean>;
  figures(receiver: ReceiverName): Promise<ReceiverQueueFigures>;
}

const MAX_ERROR_LENGTH = 1000;
/** PostgreSQL and MySQL take at most 65,535 bound values a statement: subjects are matched in chunks. */
const SUBJECT_CHUNK = 500;

type RawRow = Record<string, unknown>;

/** `fetch failed: connect ECONNREFUSED 127.0.0.1:3000`: the message and its cause (undici puts the reason there). */
const describeFailure = (error: unknown): string => {
  const messageOf = (value: unknown): string =>
    value !== null && typeof value === 'object' && 'message' in value ? String(value.message) : String(value);
  const cause = error !== null && typeof error === 'object' && 'cause' in error ? error.cause : undefined;
  return cause === undefined ? messageOf(error) : `${messageOf(error)}: ${messageOf(cause)}`;
};

const isReceiver = (value: unknown): value is ReceiverName =>
  typeof value === 'string' && (RECEIVERS as readonly string[]).includes(value);

/** PostgreSQL returns bigint columns as strings. */
const toRow = (raw: RawRow): SignedEventRow => ({
  id: Number(raw.id),
  receiver: isReceiver(raw.receiver) ? raw.receiver : 'frontend',
  event_id: String(raw.event_id),
  subject: typeof raw.subject === 'string' ? raw.subject : null,
  body: String(raw.body),
  status: raw.status as SignedEventStatus,
  attempts: Number(raw.attempts),
  next_attempt_at: Number(raw.next_attempt_at),
  locked_by: typeof raw.locked_by === 'string' ? raw.locked_by : null,
  locked_until: raw.locked_until === null || raw.locked_until === undefined ? null : Number(raw.locked_until),
  last_error: typeof raw.last_error === 'string' ? raw.last_error : null,
  created_at: Number(raw.created_at),
  sent_at: raw.sent_at === null || raw.sent_at === undefined ? null : Number(raw.sent_at),
});

/** A row a claim may take at `now`: pending and due, or claimed by an instance whose lease ran out. */
const isDue = (row: SignedEventRow, now: number): boolean =>
  (row.status === 'pending' && row.next_attempt_at <= now) ||
  (row.status === 'sending' && row.locked_until !== null && row.locked_until < now);

interface ReceiverLoop {
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  rerun: boolean;
}

export const createSignedEventOutbox = (
  strapi: Core.Strapi,
  receivers: Partial<Record<ReceiverName, ReceiverSettings>>,
  options: OutboxOptions = {}
): SignedEventOutbox => {
  const clock = options.now ?? Date.now;
  const instanceId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const table = (connection: Knex | Knex.Transaction = strapi.db.connection): Knex.QueryBuilder => {
    const schema = strapi.db.getSchemaName();
    return schema ? connection(SIGNED_EVENTS_TABLE).withSchema(schema) : connection(SIGNED_EVENTS_TABLE);
  };
  const settingsOf = (receiver: ReceiverName): ReceiverSettings | undefined => {
    const settings = receivers[receiver];
    return settings && settings.url ? settings : undefined;
  };

  const loops = new Map<ReceiverName, ReceiverLoop>();
  let stopped = true;
  let claimCounter = 0;

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

  /** Gives claimed rows back untouched (not delivered in this pass: an earlier one is not through yet). */
  const release = async (ids: number[], token: string): Promise<void> => {
    if (ids.length === 0) return;
    await table()
      .whereIn('id', ids)
      .andWhere('locked_by', token)
      .update({ status: 'pending', locked_by: null, locked_until: null });
  };

  /**
   * Claims the receiver's oldest undelivered rows, in order. Only the rows from the oldest undelivered one
   * on count, and only while it is due: an event in backoff holds back the ones written after it. The
   * conditional UPDATE is the claim between instances; of what it took, this pass keeps the run that starts
   * at the oldest undelivered row and gives back the rest (another instance may hold a row in between).
   */
  const claim = async (
    receiver: ReceiverName,
    settings: ReceiverSettings
  ): Promise<{ token: string; rows: SignedEventRow[] }> => {
    const now = clock();
    claimCounter += 1;
    const token = `${instanceId}:${claimCounter}`;
    let candidates: RawRow[];
    if (settings.ordered) {
      const headRaw = (await table()
        .select('*')
        .where('receiver', receiver)
        .whereIn('status', WAITING_STATUSES)
        .orderBy('id', 'asc')
        .first()) as RawRow | undefined;
      const head = headRaw ? toRow(headRaw) : undefined;
      if (!head || !isDue(head, now)) return { token, rows: [] };
      candidates = (await table()
        .select('id')
        .where('receiver', receiver)
        .whereIn('status', WAITING_STATUSES)
        .andWhere('id', '>=', head.id)
        .orderBy('id', 'asc')
        .limit(settings.batchSize)) as RawRow[];
    } else {
      candidates = (await table()
        .select('id')
        .where('receiver', receiver)
        .andWhere(due(now))
        .orderBy('id', 'asc')
        .limit(settings.batchSize)) as RawRow[];
      if (candidates.length === 0) return { token, rows: [] };
    }
    const ids = candidates.map((row) => Number(row.id));
    // Re-checked on each row by the UPDATE: a row another instance claimed in between no longer matches.
    await table()
      .whereIn('id', ids)
      .andWhere(due(now))
      .update({ status: 'sending', locked_by: token, locked_until: now + settings.leaseMs });
    const undelivered = (
      (await table()
        .select('*')
        .where('receiver', receiver)
        .whereIn('status', WAITING_STATUSES)
        .andWhere('id', '<=', Math.max(...ids))
        .orderBy('id', 'asc')) as RawRow[]
    ).map(toRow);
    const rows: SignedEventRow[] = [];
    for (const row of undelivered) {
      const mine = row.locked_by === token && row.status === 'sending';
      if (mine) rows.push(row);
      else if (settings.ordered) break;
    }
    await release(
      undelivered.filter((row) => row.locked_by === token && !rows.includes(row)).map((row) => row.id),
      token
    );
    return { token, rows };
  };

  /** Records an outcome only while the row still carries this claim (a claim taken over is not overwritten). */
  const settle = (row: SignedEventRow, token: string, data: Record<string, unknown>) =>
    table()
      .where({ id: row.id, locked_by: token })
      .update({ ...data, locked_by: null, locked_until: null });

  /** Delivers one row; false when it is to be tried again later (the rows after it wait for it). */
  const deliver = async (
    row: SignedEventRow,
    token: string,
    settings: ReceiverSettings,
    report: DispatchReport
  ): Promise<boolean> => {
    const attempts = row.attempts + 1;
    let failure: string | undefined;
    try {
      const headers = webhookHeaders(row.event_id, row.body, settings.signing.key);
      if (!settings.legacyHeaders) {
        delete headers[SIGNATURE_HEADER];
        delete headers[EVENT_ID_HEADER];
      }
      const response = await fetch(settings.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers, 'User-Agent': settings.userAgent },
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
    const now = clock();
    if (!failure) {
      await settle(row, token, { status: 'sent', attempts, sent_at: now, last_error: null });
      report.sent += 1;
      return true;
    }
    const lastError = failure.slice(0, MAX_ERROR_LENGTH);
    if (attempts >= settings.maxAttempts) {
      await settle(row, token, { status: 'failed', attempts, last_error: lastError });
      strapi.log.error(
        `${settings.logTag} event ${row.event_id} failed after ${attempts} attempts (${lastError}); kept in ${SIGNED_EVENTS_TABLE}`
      );
      report.failed += 1;
      return true;
    }
    const delay = retryDelayMs(attempts, settings.retryBaseMs, settings.retryMaxMs, Math.random());
    await settle(row, token, { status: 'pending', attempts, next_attempt_at: now + delay, last_error: lastError });
    strapi.log.warn(`${settings.logTag} event ${row.event_id} not delivered (${lastError}); retry in ${delay} ms`);
    report.retried += 1;
    return false;
  };

  const dispatchDue = async (receiver: ReceiverName): Promise<DispatchReport> => {
    const report: DispatchReport = { claimed: 0, sent: 0, retried: 0, failed: 0 };
    const settings = settingsOf(receiver);
    if (!settings) return report;
    // Full batches follow one another until the due rows are out, or one waits for a retry.
    for (;;) {
      const { token, rows } = await claim(receiver, settings);
      report.claimed += rows.length;
      let blocked = false;
      for (const [index, row] of rows.entries()) {
        if (!(await deliver(row, token, settings, report)) && settings.ordered) {
          // The rest of the batch waits behind it: given back, not attempted (their attempt count stays).
          await release(
            rows.slice(index + 1).map((next) => next.id),
            token
          );
          blocked = true;
          break;
        }
      }
      if (blocked || rows.length < settings.batchSize || stopped) return report;
    }
  };

  const loopOf = (receiver: ReceiverName): ReceiverLoop => {
    let loop = loops.get(receiver);
    if (!loop) {
      loop = { rerun: false };
      loops.set(receiver, loop);
    }
    return loop;
  };

  const pass = (receiver: ReceiverName): void => {
    const loop = loopOf(receiver);
    if (loop.running) {
      loop.rerun = true;
      return;
    }
    loop.running = dispatchDue(receiver)
      .then(
        () => undefined,
        (error: unknown) => {
          strapi.log.error(
            `${settingsOf(receiver)?.logTag ?? '[signed-events]'} dispatch pass failed: ${error instanceof Error ? error.message : String(error)}`
          );
        }
      )
      .finally(() => {
        loop.running = undefined;
        if (loop.rerun && !stopped) {
          loop.rerun = false;
          pass(receiver);
        }
      });
  };

  const kick = (receiver: ReceiverName): void => {
    const settings = settingsOf(receiver);
    if (!stopped && settings?.dispatchEnabled) setImmediate(() => pass(receiver));
  };

  return {
    configured: (receiver) => settingsOf(receiver) !== undefined,
    async enqueue(receiver, events) {
      if (events.length === 0 || !settingsOf(receiver)) return;
      const now = clock();
      await strapi.db.transaction(
        async ({ trx, onCommit }: { trx: Knex.Transaction; onCommit: (cb: () => void) => void }) => {
          await table(trx).insert(
            events.map((event) => ({
              receiver,
              event_id: event.id,
              subject: event.subject ?? null,
              body: JSON.stringify(event.body),
              status: 'pending',
              attempts: 0,
              next_attempt_at: now,
              created_at: now,
            }))
          );
          onCommit(() => kick(receiver));
        }
      );
    },
    dispatchDue,
    kick,
    start() {
      if (!stopped) return;
      stopped = false;
      for (const receiver of RECEIVERS) {
        const settings = settingsOf(receiver);
        if (!settings?.dispatchEnabled) continue;
        const loop = loopOf(receiver);
        loop.timer = setInterval(() => pass(receiver), Math.max(100, settings.intervalMs));
        loop.timer.unref();
        pass(receiver);
      }
    },
    async stop() {
      stopped = true;
      for (const loop of loops.values()) {
        if (loop.timer) clearInterval(loop.timer);
        loop.timer = undefined;
      }
      await Promise.all([...loops.values()].flatMap((loop) => (loop.running ? [loop.running] : [])));
    },
    async rows(receiver) {
      return ((await table().select('*').where('receiver', receiver).orderBy('id', 'asc')) as RawRow[]).map(toRow);
    },
    async rewriteSubjects(receiver, subjects, rewrite) {
      if (subjects.length === 0) return 0;
      return strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        let changed = 0;
        for (let i = 0; i < subjects.length; i += SUBJECT_CHUNK) {
          const found = (await table(trx)
            .select('id', 'body')
            .where('receiver', receiver)
            .whereIn('subject', subjects.slice(i, i + SUBJECT_CHUNK))) as RawRow[];
          for (const row of found) {
            const before = String(row.body);
            const after = rewrite(before);
            if (after === before) continue;
            await table(trx).where('id', Number(row.id)).update({ body: after });
            changed += 1;
          }
        }
        return changed;
      }) as unknown as Promise<number>;
    },
    async hasSubject(receiver, subject) {
      return strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const found = (await table(trx).select('id').where({ receiver, subject }).first()) as RawRow | undefined;
        return found !== undefined;
      }) as unknown as Promise<boolean>;
    },
    async figures(receiver) {
      const counts: { status: string; n: number | string }[] = await table()
        .select('status')
        .count<{ status: string; n: number | string }[]>({ n: '*' })
        .where('receiver', receiver)
        .whereIn('status', [...WAITING_STATUSES, 'failed'])
        .groupBy('status');
      const countOf = (statuses: readonly string[]): number =>
        counts.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + Number(row.n), 0);
      const waiting = countOf(WAITING_STATUSES);
      const oldest =
        waiting > 0
          ? ((await table()
              .select('created_at')
              .where('receiver', receiver)
              .whereIn('status', WAITING_STATUSES)
              .orderBy('id', 'asc')
              .first()) as RawRow | undefined)
          : undefined;
      return {
        waiting,
        failed: countOf(['failed']),
        oldestWaitingSince: oldest ? new Date(Number(oldest.created_at)).toISOString() : null,
      };
    },
  };
};
