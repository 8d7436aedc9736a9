import { deleteAttachmentRows, removeStoredFiles, sweepAttachmentFiles } from '../../quote-request/attachments/store';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { QUOTE_NOTIFICATION_UID, QUOTE_REQUEST_UID } from '../../quote-request/constants';
import type { QuoteRequestRow } from '../../quote-request/rows';
import { quoteSettings } from '../../quote-request/settings';
import { getService } from '../../../utils/get-service';
import { PRIVACY_BATCH_SIZE } from '../constants';
import { addCounts, QUOTE_REQUESTS_TABLE, type AnonymisationCount } from './privacy';

const DAY_MS = 24 * 60 * 60 * 1000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CRON_JOB = 'quote-retention-sweep';
/**
 * Between two batches the sweep gives the database back to the application for as long as the batch
 * took (at least 20 ms): on SQLite a batch holds the single write lock for its transaction and
 * submissions wait behind it, so the sweep never takes more than about half of the database's time.
 */
const MIN_PAUSE_BETWEEN_BATCHES_MS = 20;
const pauseAfter = (batchStartedAt: number) =>
  pause(Math.max(MIN_PAUSE_BETWEEN_BATCHES_MS, Date.now() - batchStartedAt));

export interface SweepOptions {
  /** The sweep's clock (tests move it); default: now. */
  now?: Date;
  batchSize?: number;
}

export interface SweepReport {
  /** Rows that had no last-activity time yet (stored before it existed) and got one. */
  backfilled: number;
  anonymised: AnonymisationCount;
  spamDeleted: number;
  spamNotificationsDeleted: number;
  /** Attachment files a crash left behind (this host's or another's): unfinished uploads, files without a row. */
  attachmentFilesRemoved: number;
  durationMs: number;
}

/**
 * Retention (QUOTE_RETENTION_DAYS, QUOTE_SPAM_RETENTION_DAYS): requests whose last activity is older
 * than the retention period are anonymised (statistics kept), spam is deleted. One sweep at start and
 * one a day (Strapi's cron, QUOTE_RETENTION_SCHEDULE).
 *
 * Several instances may sweep at the same moment: every batch is claimed by a conditional UPDATE (or
 * DELETE) that re-checks its condition on each row, so a row is processed once, and a request that
 * became active meanwhile is left alone. Batches are bounded (500 rows), read in id order from where the
 * previous one ended, on conditions the indexes (anonymized_at, last_activity_at) and
 * (stage, last_activity_at) serve.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const requests = () => strapi.db.query(QUOTE_REQUEST_UID);
  const settings = () => quoteSettings(strapi).privacy;
  let queue: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let scheduled = false;

  /**
   * Requests stored before `lastActivityAt` existed get their last update (or creation) time: the
   * closest record of their last activity, never earlier than it.
   */
  const backfillLastActivity = async (batchSize: number): Promise<number> => {
    let filled = 0;
    while (!stopped) {
      const rows = (await requests().findMany({
        where: { anonymizedAt: { $null: true }, lastActivityAt: { $null: true } },
        select: ['id'],
        limit: batchSize,
      })) as Pick<QuoteRequestRow, 'id'>[];
      if (rows.length === 0) break;
      // One statement per batch, copying within the row (the query engine cannot assign a column to another).
      await strapi.db
        .getConnection(QUOTE_REQUESTS_TABLE)
        .whereIn(
          'id',
          rows.map((row) => row.id)
        )
        .whereNull('last_activity_at')
        .update({ last_activity_at: strapi.db.connection.raw('COALESCE(??, ??)', ['updated_at', 'created_at']) });
      filled += rows.length;
      if (rows.length < batchSize) break;
    }
    return filled;
  };

  const anonymiseExpired = async (cutoff: Date, batchSize: number): Promise<AnonymisationCount> => {
    const privacy = getService('privacy');
    let total: AnonymisationCount = { requests: 0, notificationsDeleted: 0, notificationsStripped: 0 };
    const guard = { lastActivityAt: { $lt: cutoff } };
    let after = 0;
    while (!stopped) {
      const batchStartedAt = Date.now();
      const rows = (await requests().findMany({
        where: { anonymizedAt: { $null: true }, ...guard, id: { $gt: after } },
        select: ['id'],
        // Keyset by id: each batch starts where the last one ended, so a sweep reads every row at most
        // once, whichever plan the database picks (few expired rows: the retention index; many: the
        // primary key). Ordering by last activity would sort every expired row for each batch on
        // PostgreSQL, which does not take `anonymized_at IS NULL` as an equality for index order. The
        // cutoff is fixed for the sweep, so no row behind the cursor becomes due meanwhile.
        orderBy: { id: 'asc' },
        limit: batchSize,
      })) as Pick<QuoteRequestRow, 'id'>[];
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const count = await privacy.anonymiseRequests(
        rows.map((row) => row.id),
        guard
      );
      total = addCounts(total, count);
      if (rows.length < batchSize) break;
      await pauseAfter(batchStartedAt);
    }
    return total;
  };

  const deleteExpiredSpam = async (
    cutoff: Date,
    batchSize: number
  ): Promise<{ requests: number; notifications: number }> => {
    const total = { requests: 0, notifications: 0 };
    const guard = { stage: 'spam', lastActivityAt: { $lt: cutoff } };
    let after = 0;
    while (!stopped) {
      const batchStartedAt = Date.now();
      const rows = (await requests().findMany({
        where: { ...guard, id: { $gt: after } },
        select: ['id'],
        orderBy: { id: 'asc' },
        limit: batchSize,
      })) as Pick<QuoteRequestRow, 'id'>[];
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const ids = rows.map((row) => row.id);
      let files: string[] = [];
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        await getService('privacy').lockNotificationsOf(trx, ids);
        // The request's own condition again: a request taken out of spam meanwhile is kept, with its mails.
        const deleted = await requests().deleteMany({ where: { id: { $in: ids }, ...guard } });
        if (deleted.count === 0) return;
        const kept = (await requests().findMany({ where: { id: { $in: ids } }, select: ['id'] })) as { id: number }[];
        const gone = ids.filter((id) => !kept.some((row) => row.id === id));
        const mails = await strapi.db
          .query(QUOTE_NOTIFICATION_UID)
          .deleteMany({ where: { quoteRequestId: { $in: gone } } });
        // A request an admin marked as spam may have files: they go with it, once the transaction committed.
        files = await deleteAttachmentRows(strapi, gone);
        total.requests += deleted.count;
        total.notifications += mails.count;
      });
      await removeStoredFiles(strapi, files);
      if (rows.length < batchSize) break;
      await pauseAfter(batchStartedAt);
    }
    return total;
  };

  const runSweep = async ({ now = new Date(), batchSize = PRIVACY_BATCH_SIZE }: SweepOptions): Promise<SweepReport> => {
    const started = Date.now();
    const { retentionDays, spamRetentionDays } = settings();
    const backfilled = await backfillLastActivity(batchSize);
    await getService('privacy').ensureEmailKeys(batchSize);

    const anonymised =
      retentionDays > 0
        ? await anonymiseExpired(new Date(now.getTime() - retentionDays * DAY_MS), batchSize)
        : { requests: 0, notificationsDeleted: 0, notificationsStripped: 0 };
    const spam =
      spamRetentionDays > 0
        ? await deleteExpiredSpam(new Date(now.getTime() - spamRetentionDays * DAY_MS), batchSize)
        : { requests: 0, notifications: 0 };
    // Files no request holds any more: an upload cut by a crash on any instance sharing the folder, or an
    // erasure whose process died between its commit and its file removals. A start sweeps them too, but
    // an instance may run for months: the person's files must not outlive their request that long.
    const files = await sweepAttachmentFiles(strapi);

    const report: SweepReport = {
      backfilled,
      anonymised,
      spamDeleted: spam.requests,
      spamNotificationsDeleted: spam.notifications,
      attachmentFilesRemoved: files.temp + files.orphans,
      durationMs: Date.now() - started,
    };
    const touched = anonymised.requests + spam.requests;
    strapi.log.info(
      `[privacy] retention sweep: ${anonymised.requests} request(s) anonymised (${retentionDays > 0 ? `${retentionDays} days` : 'disabled'}), ` +
        `${spam.requests} spam request(s) deleted (${spamRetentionDays > 0 ? `${spamRetentionDays} days` : 'disabled'}), ` +
        `${anonymised.notificationsDeleted + spam.notifications} notification(s) deleted, ${anonymised.notificationsStripped} stripped` +
        `${backfilled > 0 ? `, ${backfilled} last-activity time(s) backfilled` : ''}` +
        `${report.attachmentFilesRemoved > 0 ? `, ${files.temp} unfinished upload(s) and ${files.orphans} file(s) without a request removed` : ''}` +
        ` in ${report.durationMs} ms`
    );
    if (touched > 0) {
      await getService('privacy').record({
        action: 'retention',
        actor: { kind: 'system' },
        requestCount: touched,
        notificationCount: anonymised.notificationsDeleted + anonymised.notificationsStripped + spam.notifications,
        details: {
          anonymised: anonymised.requests,
          spamDeleted: spam.requests,
          retentionDays,
          spamRetentionDays,
        },
      });
    }
    return report;
  };

  const service = {
    /**
     * One sweep; sweeps asked for while one runs on this instance run after it, one at a time. Throws
     * what the database threw (the scheduled runs log it).
     */
    sweep(options: SweepOptions = {}): Promise<SweepReport> {
      const run = queue.then(() => runSweep(options));
      queue = run.catch(() => undefined);
      return run;
    },

    /**
     * Schedules the daily sweep and runs one now, in the background (start-up does not wait for it).
     * Off with QUOTE_RETENTION_SWEEP_ENABLED=false, as `npm run privacy` does for its own boot.
     */
    start(): void {
      if (!settings().sweepEnabled || scheduled) return;
      stopped = false;
      scheduled = true;
      const scheduledSweep = async (): Promise<void> => {
        try {
          await service.sweep();
        } catch (error) {
          strapi.log.error(`[privacy] retention sweep failed: ${error instanceof Error ? error.stack : String(error)}`);
        }
      };
      // Strapi's cron rather than a 24 h setInterval: the sweep happens at a quiet hour whatever the start
      // time, and a restart does not push it back by a day (an instance restarted daily would never sweep).
      strapi.cron.add({ [CRON_JOB]: { task: scheduledSweep, options: settings().sweepSchedule } });
      void scheduledSweep();
    },

    /** Unschedules and waits for a running sweep, which stops after its current batch. */
    async stop(): Promise<void> {
      stopped = true;
      if (scheduled) strapi.cron.remove(CRON_JOB);
      scheduled = false;
      await queue;
    },

    /** Resolves when the sweeps asked for so far are done. */
    async idle(): Promise<void> {
      await queue;
    },
  };
  return service;
};
