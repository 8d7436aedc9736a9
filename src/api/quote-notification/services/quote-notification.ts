import crypto from 'crypto';
import os from 'os';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';
import { QUOTE_NOTIFICATION_UID, QUOTE_REQUEST_UID } from '../../quote-request/constants';
import {
  renderConfirmation,
  renderSalesNotification,
  type RenderableRequest,
} from '../../quote-request/domain/render-emails';
import { resolveRecipients } from '../../quote-request/domain/routing';
import { retryDelayMs } from '../../quote-request/domain/schedule';
import { quoteSettings } from '../../quote-request/settings';
import { getService } from '../../../utils/get-service';
import { getStrapiService } from '../../../utils/strapi-services';
import type { QuoteNotificationRow, QuoteRequestRow } from '../../quote-request/rows';

type NotificationRow = QuoteNotificationRow;
type NotificationStatus = NotificationRow['status'];

export interface DispatchReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

const asStringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : [];

/** Domain for Message-IDs, taken from EMAIL_FROM so receiving servers see a consistent sender domain. */
const messageDomain = (from: unknown): string => {
  const match = /@([A-Za-z0-9.-]+)/.exec(typeof from === 'string' ? from : '');
  return match ? match[1] : 'localhost';
};

/**
 * A send that neither succeeds nor fails (a half-open SMTP connection) must not hold the outbox: it
 * counts as a failed attempt and is retried.
 */
const withTimeout = <T>(ms: number, promise: Promise<T>): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`SMTP send did not complete within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    );
  });

/** Runs `worker` over `items` with at most `limit` in flight. */
const eachWithConcurrency = async <T>(items: T[], limit: number, worker: (item: T) => Promise<void>) => {
  let next = 0;
  const runners = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await worker(item);
    }
  });
  await Promise.all(runners);
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => quoteSettings(strapi).outbox;
  const instanceId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const notifications = () => strapi.db.query(QUOTE_NOTIFICATION_UID);

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let rerun = false;
  let stopped = false;

  /** Rows a dispatcher may take now: due pending rows, and rows whose claimant's lease ran out (crashed instance). */
  const dueWhere = (now: Date) => ({
    $or: [
      { status: 'pending', $or: [{ nextAttemptAt: { $null: true } }, { nextAttemptAt: { $lte: now } }] },
      { status: 'sending', lockedUntil: { $lt: now } },
    ],
  });

  let claimCounter = 0;

  /**
   * Atomic batch claim: one conditional UPDATE stamps the due rows with a token unique to this claim,
   * then one SELECT reads back exactly the rows this instance won. A row another instance claimed in
   * between no longer matches the due condition, so it is never stamped twice (SQLite, PostgreSQL
   * and MySQL all re-check the WHERE clause on the row they update).
   */
  const claimBatch = async (): Promise<NotificationRow[]> => {
    const now = new Date();
    const due = (await notifications().findMany({
      where: dueWhere(now),
      select: ['id'],
      orderBy: { id: 'asc' },
      limit: settings().batchSize,
    })) as { id: number }[];
    if (due.length === 0) return [];
    claimCounter += 1;
    const token = `${instanceId}:${claimCounter}`;
    const { count } = await notifications().updateMany({
      where: { id: { $in: due.map((row) => row.id) }, ...dueWhere(now) },
      data: { status: 'sending', lockedBy: token, lockedUntil: new Date(now.getTime() + settings().leaseMs) },
    });
    if (count === 0) return [];
    return (await notifications().findMany({
      where: { lockedBy: token, status: 'sending' },
      orderBy: { id: 'asc' },
    })) as NotificationRow[];
  };

  /** The requests behind a batch, in one query. */
  const loadRequests = async (batch: NotificationRow[]): Promise<Map<number, QuoteRequestRow>> => {
    const ids = [...new Set(batch.map((row) => row.quoteRequestId))];
    const rows = (await strapi.db
      .query(QUOTE_REQUEST_UID)
      .findMany({ where: { id: { $in: ids } } })) as QuoteRequestRow[];
    return new Map(rows.map((row) => [row.id, row]));
  };

  const recipientsFor = async (
    kind: NotificationRow['kind'],
    request: RenderableRequest
  ): Promise<{ to: string[]; cc: string[] }> => {
    if (kind === 'confirmation') return { to: [request.email], cc: [] };
    const routing = await getService('quote-routing').getRouting();
    return resolveRecipients(routing, request.requestedModel);
  };

  const toRenderable = (row: QuoteRequestRow): RenderableRequest => ({
    ...row,
    locale: row.language ?? 'fr',
    tags: asStringList(row.tags),
    receivedAt: new Date(row.createdAt),
    expectedResponseBy: new Date(row.expectedResponseBy),
  });

  /** Rolls the request's notification summary (shown in the admin list) up from its outbox rows. */
  const summarise = async (quoteRequestId: number): Promise<void> => {
    const rows = (await notifications().findMany({
      where: { quoteRequestId },
      select: ['status', 'attempts', 'lastError'],
    })) as { status: NotificationStatus; attempts: number | null; lastError: string | null }[];
    const status = rows.some((r) => r.status === 'failed')
      ? 'failed'
      : rows.length > 0 && rows.every((r) => r.status === 'sent')
        ? 'sent'
        : 'pending';
    await strapi.db.query(QUOTE_REQUEST_UID).update({
      where: { id: quoteRequestId },
      data: {
        notificationStatus: status,
        notificationAttempts: rows.reduce((sum, r) => sum + (r.attempts ?? 0), 0),
        notificationLastError: rows.map((r) => r.lastError).find((e) => e) ?? null,
      },
    });
  };

  const deliver = async (
    row: NotificationRow,
    quoteRequest: QuoteRequestRow | undefined,
    report: DispatchReport
  ): Promise<void> => {
    const { id } = row;
    if (!quoteRequest) {
      await notifications().update({
        where: { id },
        data: { status: 'failed', lastError: 'quote request not found', lockedBy: null, lockedUntil: null },
      });
      report.failed += 1;
      return;
    }
    const request = toRenderable(quoteRequest);
    const attempts = (row.attempts ?? 0) + 1;

    try {
      // Recipients are resolved now, from the request and the routing in force, never read from the
      // outbox row: a row is bookkeeping, and nothing an admin can type decides where personal data goes.
      const { to, cc } = await recipientsFor(row.kind, request);
      if (to.length === 0) throw new Error('no sales recipient configured in Quote routing');
      const email = row.kind === 'sales' ? renderSalesNotification(request) : renderConfirmation(request);
      const from = strapi.config.get('plugin::email.settings.defaultFrom');
      const messageId = `<${request.reference}.${row.kind}.${row.id}@${messageDomain(from)}>`;
      await withTimeout(
        settings().sendTimeoutMs,
        getStrapiService('plugin::email.email').send({
          to: to.join(', '),
          ...(cc.length > 0 ? { cc: cc.join(', ') } : {}),
          // Sales answer the prospect directly; the prospect answers the default sales reply-to.
          ...(row.kind === 'sales'
            ? { replyTo: `"${request.fullName.replace(/["\\]/g, '')}" <${request.email}>` }
            : {}),
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId,
          headers: { 'X-Quote-Reference': request.reference },
        })
      );
      await notifications().update({
        where: { id },
        data: {
          status: 'sent',
          attempts,
          sentAt: new Date(),
          messageId,
          recipients: to,
          cc,
          lastError: null,
          lockedBy: null,
          lockedUntil: null,
        },
      });
      report.sent += 1;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = attempts >= settings().maxAttempts;
      const delay = retryDelayMs(attempts, settings().retryBaseMs, settings().retryMaxMs, Math.random());
      await notifications().update({
        where: { id },
        data: {
          status: giveUp ? 'failed' : 'pending',
          attempts,
          lastError: message.slice(0, 1000),
          nextAttemptAt: new Date(Date.now() + delay),
          lockedBy: null,
          lockedUntil: null,
        },
      });
      const log = `[outbox] ${row.kind} mail for ${request.reference} attempt ${attempts} failed: ${message}`;
      if (giveUp) {
        strapi.log.error(`${log}; giving up after ${attempts} attempts (status failed, visible in the admin)`);
        report.failed += 1;
      } else {
        strapi.log.warn(`${log}; retry in ${Math.round(delay / 1000)} s`);
        report.retried += 1;
      }
    }
  };

  const service = {
    /** One pass: claim due rows in batches and deliver them, until nothing is due. */
    async dispatchPendingNotifications(): Promise<DispatchReport> {
      const report: DispatchReport = { claimed: 0, sent: 0, retried: 0, failed: 0 };
      while (!stopped) {
        const batch = await claimBatch();
        if (batch.length === 0) break;
        report.claimed += batch.length;
        const requests = await loadRequests(batch);
        await eachWithConcurrency(batch, settings().concurrency, (row) =>
          deliver(row, requests.get(row.quoteRequestId), report)
        );
        for (const requestId of requests.keys()) await summarise(requestId);
        // Rescheduled failures are not due yet: when nothing was sent, wait for the next tick.
        if (report.sent === 0 && report.failed === 0 && batch.length < settings().batchSize) break;
      }
      return report;
    },

    /**
     * Re-queues a failed notification now (an admin's explicit Retry). Recipients are not part of the
     * request: they are resolved again when the mail is sent.
     */
    async retry(documentId: string): Promise<{ documentId: string; status: 'pending' }> {
      const row = (await notifications().findOne({ where: { documentId }, select: ['id', 'status'] })) as {
        id: number;
        status: NotificationStatus;
      } | null;
      if (!row) throw new errors.NotFoundError('Notification not found');
      const { count } = await notifications().updateMany({
        where: { id: row.id, status: 'failed' },
        data: { status: 'pending', nextAttemptAt: new Date(), attempts: 0, lockedBy: null, lockedUntil: null },
      });
      if (count === 0) {
        throw createHttpError(409, `Only a failed notification can be retried (this one is ${row.status})`);
      }
      service.wake();
      return { documentId, status: 'pending' };
    },

    /** Asks for a pass now (after a commit); passes never overlap within an instance. */
    wake(): void {
      if (stopped || !settings().enabled) return;
      if (running) {
        rerun = true;
        return;
      }
      running = (async () => {
        do {
          rerun = false;
          try {
            await service.dispatchPendingNotifications();
          } catch (error) {
            // The rows stay pending: the next tick retries. Logged with context, never swallowed silently.
            strapi.log.error(`[outbox] dispatch pass failed: ${error instanceof Error ? error.stack : String(error)}`);
          }
        } while (rerun && !stopped);
      })().finally(() => {
        running = undefined;
      });
    },

    /**
     * Starts the periodic pass (retries, rows left by a crashed instance or queued while SMTP was
     * down). The first pass runs at the first tick, not during start-up, so a backlog does not compete
     * with the boot; new submissions wake the dispatcher at once anyway.
     */
    start(): void {
      if (!settings().enabled || timer) return;
      stopped = false;
      timer = setInterval(() => service.wake(), settings().intervalMs);
      timer.unref();
    },

    /** Stops the timer and waits for the pass in flight, so shutdown never cuts a send in half. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },

    /** Resolves once no pass is running (tests and benchmarks). */
    async idle(): Promise<void> {
      while (running) await running;
    },
  };
  return service;
};
