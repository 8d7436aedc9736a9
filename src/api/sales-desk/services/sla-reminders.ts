import { newDocumentId } from '../../../utils/document-id';
import type { Core } from '@strapi/strapi';
import { QUOTE_NOTIFICATION_UID, QUOTE_REQUEST_UID } from '../../quote-request/constants';
import { quoteSettings } from '../../quote-request/settings';
import { getService } from '../../../utils/get-service';
import { REMINDER_BATCH_SIZE } from '../constants';

const CRON_JOB = 'quote-sla-reminders';
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Promises broken longer ago than this are not reminded: after an outage of the sweep, or on the first
 * start of this version over an old backlog, sales would otherwise get one mail per forgotten request at
 * once. The dashboard still counts them as overdue.
 */
export const REMINDER_HORIZON_DAYS = 7;

export interface ReminderOptions {
  /** The sweep's clock (tests and the bench move it); default: now. */
  now?: Date;
  batchSize?: number;
}

export interface ReminderReport {
  /** Requests this sweep claimed and queued one reminder for. */
  reminded: number;
  /** Overdue requests another sweep (another instance) claimed first. */
  lost: number;
  durationMs: number;
}

/**
 * QUOTE_SLA_SWEEP_INTERVAL_MS as a cron rule (Strapi's cron takes whole seconds at best): every N
 * seconds under a minute, every N minutes under an hour, every N hours beyond. Steps restart at each
 * minute (hour, day), as cron steps do.
 */
export const sweepCronRule = (intervalMs: number): string => {
  const seconds = Math.max(1, Math.round(intervalMs / 1000));
  if (seconds < 60) return `*/${seconds} * * * * *`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `0 */${minutes} * * * *`;
  return `0 0 */${Math.min(24, Math.round(minutes / 60))} * * *`;
};

/**
 * Reminders before a promise is forgotten: finds requests still `new` whose `expectedResponseBy` has
 * passed (not spam, not anonymised, not reminded yet) and queues ONE `reminder` mail per request in the
 * outbox, which sends it to the routed team (and QUOTE_ESCALATION_EMAIL) like any other mail.
 *
 * Every instance sweeps on its own timer; each request is claimed by a conditional UPDATE
 * (`reminded_at IS NULL`) in the same transaction as its outbox row, so whichever sweep wins queues the
 * reminder and the others skip it (PostgreSQL re-checks the condition after the winner commits; SQLite
 * runs one writer at a time). Bounded batches, oldest promise first, on the index
 * (stage, reminded_at, expected_response_by).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const requests = () => strapi.db.query(QUOTE_REQUEST_UID);
  const settings = () => quoteSettings(strapi).slaReminders;
  let queue: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let scheduled = false;

  const overdue = (now: Date) => ({
    stage: 'new',
    remindedAt: { $null: true },
    anonymizedAt: { $null: true },
    expectedResponseBy: { $lt: now, $gte: new Date(now.getTime() - REMINDER_HORIZON_DAYS * DAY_MS) },
  });

  const runSweep = async ({
    now = new Date(),
    batchSize = REMINDER_BATCH_SIZE,
  }: ReminderOptions): Promise<ReminderReport> => {
    const started = Date.now();
    const report: ReminderReport = { reminded: 0, lost: 0, durationMs: 0 };
    while (!stopped) {
      // Oldest promise first, read on the index (stage, reminded_at, expected_response_by): in the steady
      // state the range holds the few requests that became due since the last sweep, whatever the size
      // of the table. No cursor is needed: every candidate leaves the range in this batch (reminded here
      // or by another instance, or no longer `new`).
      const candidates = (await requests().findMany({
        where: overdue(now),
        select: ['id', 'reference'],
        orderBy: { expectedResponseBy: 'asc' },
        limit: batchSize,
      })) as { id: number; reference: string }[];
      if (candidates.length === 0) break;
      const claimed = await strapi.db.transaction(async () => {
        const won: { id: number; reference: string }[] = [];
        for (const candidate of candidates) {
          // The claim: only the sweep whose UPDATE still finds the request unreminded queues its mail.
          const { count } = await requests().updateMany({
            where: { id: candidate.id, ...overdue(now) },
            data: { remindedAt: now },
          });
          if (count === 1) won.push(candidate);
        }
        if (won.length > 0) {
          const queuedAt = new Date();
          await strapi.db.query(QUOTE_NOTIFICATION_UID).createMany({
            data: won.map((request) => ({
              documentId: newDocumentId(),
              publishedAt: queuedAt,
              quoteRequestId: request.id,
              reference: request.reference,
              kind: 'reminder',
              deliveryStatus: 'pending',
              // Resolved when sent, from the routing in force and QUOTE_ESCALATION_EMAIL.
              recipients: [],
              cc: [],
              attempts: 0,
              nextAttemptAt: queuedAt,
            })),
          });
        }
        return won.length;
      });
      report.reminded += claimed;
      report.lost += candidates.length - claimed;
      // A batch won entirely by another instance: that one is working through the backlog.
      if (claimed === 0 || candidates.length < batchSize) break;
    }
    report.durationMs = Date.now() - started;
    if (report.reminded > 0) {
      strapi.log.info(
        `[sla] ${report.reminded} reminder(s) queued for requests past their promised response time ` +
          `(${report.lost} claimed by another instance) in ${report.durationMs} ms`
      );
      getService('quote-notification').wake();
    }
    return report;
  };

  const service = {
    /** One sweep; sweeps asked for while one runs on this instance run after it. Throws what the database threw. */
    sweep(options: ReminderOptions = {}): Promise<ReminderReport> {
      const run = queue.then(() => runSweep(options));
      queue = run.catch(() => undefined);
      return run;
    },

    /** Schedules the sweep on Strapi's cron (QUOTE_SLA_SWEEP_INTERVAL_MS; 0: not on this instance). */
    start(): void {
      const { sweepIntervalMs } = settings();
      if (sweepIntervalMs <= 0 || scheduled) return;
      stopped = false;
      scheduled = true;
      let inFlight = false;
      const scheduledSweep = async (): Promise<void> => {
        // A tick while the previous sweep still runs is skipped, not queued: a slow database must not
        // pile sweeps up behind each other.
        if (inFlight) return;
        inFlight = true;
        try {
          await service.sweep();
        } catch (error) {
          strapi.log.error(`[sla] reminder sweep failed: ${error instanceof Error ? error.stack : String(error)}`);
        } finally {
          inFlight = false;
        }
      };
      strapi.cron.add({ [CRON_JOB]: { task: scheduledSweep, options: sweepCronRule(sweepIntervalMs) } });
    },

    /** Unschedules and waits for a running sweep (it stops after its current batch). */
    async stop(): Promise<void> {
      stopped = true;
      if (scheduled) strapi.cron.remove(CRON_JOB);
      scheduled = false;
      await queue;
    },
  };
  return service;
};
