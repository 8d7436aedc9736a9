import fs from 'fs';
import {
  attachmentDirs,
  attachmentRowsOf,
  deleteAttachmentRows,
  removeStoredFiles,
  storedPathOf,
} from '../../quote-request/attachments/store';
import { newDocumentId } from '../../../utils/document-id';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { QUOTE_NOTIFICATION_UID, QUOTE_REQUEST_UID } from '../../quote-request/constants';
import type { QuoteNotificationRow, QuoteRequestRow } from '../../quote-request/rows';
import { quoteSettings } from '../../quote-request/settings';
import { getService } from '../../../utils/get-service';
import { PRIVACY_BATCH_SIZE, PRIVACY_LOG_UID, type PrivacyAction, type PrivacyActor } from '../constants';
import {
  anonymisedRequestFields,
  strippedNotificationFields,
  UNDELIVERED_NOTIFICATION_STATUSES,
} from '../domain/anonymise';
import { emailKeyOf, subjectHashOf } from '../domain/email-key';
import { buildPrivacyExport, type ExportedAttachment, type PrivacyExport } from '../domain/privacy-export';
import { leadEvents } from '../../../lead-events';

/** What one anonymisation step changed. */
export interface AnonymisationCount {
  requests: number;
  notificationsDeleted: number;
  notificationsStripped: number;
}

export interface ErasureReport extends AnonymisationCount {
  /** The privacy log's hash of the address (never the address). */
  subjectHash: string;
}

export interface PrivacyLogEntry {
  action: PrivacyAction;
  actor: PrivacyActor;
  subjectHash?: string;
  requestCount: number;
  notificationCount: number;
  details?: Record<string, number | string>;
}

/** The quote requests' table (schema.json collectionName), for the two statements the query engine cannot express. */
export const QUOTE_REQUESTS_TABLE = 'quote_requests';
const QUOTE_NOTIFICATIONS_TABLE = 'quote_notifications';

const emptyCount = (): AnonymisationCount => ({ requests: 0, notificationsDeleted: 0, notificationsStripped: 0 });

export const addCounts = (a: AnonymisationCount, b: AnonymisationCount): AnonymisationCount => ({
  requests: a.requests + b.requests,
  notificationsDeleted: a.notificationsDeleted + b.notificationsDeleted,
  notificationsStripped: a.notificationsStripped + b.notificationsStripped,
});

/**
 * A person's rights over the quote data (erasure, access) and the anonymisation the retention sweep
 * shares with erasure. Used by `npm run privacy` and meant for the admin's actions: every path records
 * what it did in the privacy log, which holds a keyed hash of the address, never the address.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const requests = () => strapi.db.query(QUOTE_REQUEST_UID);
  const notifications = () => strapi.db.query(QUOTE_NOTIFICATION_UID);

  const hashSalt = (): string => {
    const settings = quoteSettings(strapi);
    return settings.privacy.hashSalt || settings.ipHashSalt;
  };

  const service = {
    /** The privacy log's hash of an address: stable for one salt, useless without it. */
    subjectHash(email: string): string {
      return subjectHashOf(hashSalt(), email);
    },

    /**
     * Anonymises the requests among `ids` that still match `guard` and are not anonymised yet, in one
     * transaction with their notifications (undelivered ones deleted, the others stripped of
     * addresses). The conditional UPDATE is the claim: with several instances (or the CLI next to the
     * app) sweeping the same rows, each row is anonymised once and a request touched meanwhile (a new
     * note) no longer matches the guard. Safe to repeat.
     */
    async anonymiseRequests(
      ids: number[],
      guard: Record<string, unknown> = {},
      at: Date = new Date()
    ): Promise<AnonymisationCount> {
      if (ids.length === 0) return emptyCount();
      // Attached files go with the rest: their rows in the transaction, the files once it has committed
      // (a crash in between leaves files without rows, which the next start sweeps; never the reverse).
      let files: string[] = [];
      const count = await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        await service.lockNotificationsOf(trx, ids);
        const where = { id: { $in: ids }, anonymizedAt: { $null: true }, ...guard };
        // Their references, for the CRM (the reference is kept by anonymisation). Spam never reached it.
        const erased = (await requests().findMany({ where, select: ['reference', 'stage'] })) as Pick<
          QuoteRequestRow,
          'reference' | 'stage'
        >[];
        const { count } = await requests().updateMany({ where, data: anonymisedRequestFields(at) });
        if (count === 0) return emptyCount();
        // `erased` for each, and their earlier lead events blanked, in this transaction: the CRM deletes its
        // copy and the events table keeps nothing of the person (a row another instance anonymised in
        // between may be announced twice: the CRM's delete is idempotent).
        await leadEvents(strapi).erased(
          erased.filter((row) => row.stage !== 'spam' && Boolean(row.reference)).map((row) => row.reference)
        );
        const anonymised = (await requests().findMany({
          where: { id: { $in: ids }, anonymizedAt: { $notNull: true } },
          select: ['id'],
        })) as { id: number }[];
        files = await deleteAttachmentRows(
          strapi,
          anonymised.map((row) => row.id)
        );
        const deleted = await notifications().deleteMany({
          where: { quoteRequestId: { $in: ids }, deliveryStatus: { $in: [...UNDELIVERED_NOTIFICATION_STATUSES] } },
        });
        const stripped = await notifications().updateMany({
          where: { quoteRequestId: { $in: ids } },
          data: strippedNotificationFields(),
        });
        return { requests: count, notificationsDeleted: deleted.count, notificationsStripped: stripped.count };
      });
      await removeStoredFiles(strapi, files);
      return count;
    },

    /**
     * Takes the row locks of these requests' notifications, first thing in a transaction that then
     * writes the requests. The outbox locks a notification, then its request (an outcome and the
     * request's summary, in one transaction): taking them in the same order means the two never wait
     * for each other in a cycle (PostgreSQL would abort one of them as a deadlock). SQLite locks the
     * whole database for a write, so there is nothing to order there.
     */
    async lockNotificationsOf(trx: Knex.Transaction, requestIds: number[]): Promise<void> {
      if (strapi.db.dialect.client === 'sqlite') return;
      await strapi.db
        .getConnection(QUOTE_NOTIFICATIONS_TABLE)
        .transacting(trx)
        .whereIn('quote_request_id', requestIds)
        .forUpdate()
        .select('id');
    },

    /**
     * Gives every request stored before `emailKey` existed its key, in bounded batches. Submissions and
     * admin edits keep it up to date (lifecycles); erasure and export call this first so that they also
     * find requests an older version of the application stored.
     */
    async ensureEmailKeys(batchSize = PRIVACY_BATCH_SIZE): Promise<number> {
      let filled = 0;
      for (;;) {
        const rows = (await requests().findMany({
          where: { emailKey: { $null: true }, anonymizedAt: { $null: true } },
          select: ['id', 'email'],
          limit: batchSize,
        })) as Pick<QuoteRequestRow, 'id' | 'email'>[];
        if (rows.length === 0) return filled;
        // One statement per batch (UPDATE … SET email_key = CASE id WHEN … END): the keys are computed
        // here, Unicode normalisation has no portable SQL form. An empty key marks a row without address
        // as done; it never equals a real address's key.
        const knex = strapi.db.connection;
        await strapi.db
          .getConnection(QUOTE_REQUESTS_TABLE)
          .whereIn(
            'id',
            rows.map((row) => row.id)
          )
          .whereNull('email_key')
          .update({
            email_key: knex.raw(`CASE ?? ${rows.map(() => 'WHEN ? THEN ?').join(' ')} END`, [
              'id',
              ...rows.flatMap((row) => [row.id, emailKeyOf(row.email ?? '')]),
            ]),
          });
        filled += rows.length;
        if (rows.length < batchSize) return filled;
      }
    },

    /** One line in the privacy log (counts and a hash only). */
    async record(entry: PrivacyLogEntry): Promise<void> {
      const now = new Date();
      await strapi.db.query(PRIVACY_LOG_UID).create({
        data: {
          documentId: newDocumentId(),
          publishedAt: now,
          action: entry.action,
          actor: entry.actor.kind,
          adminId: entry.actor.kind === 'admin' ? entry.actor.adminId : null,
          subjectHash: entry.subjectHash ?? null,
          requestCount: entry.requestCount,
          notificationCount: entry.notificationCount,
          details: entry.details ?? null,
        },
      });
    },

    /**
     * Right to erasure: anonymises every request of this address (matched on the normalised address,
     * see emailKeyOf) and deletes its undelivered notifications. Erasing an address twice finds nothing
     * the second time and records that.
     */
    async erase(email: string, actor: PrivacyActor): Promise<ErasureReport> {
      const key = emailKeyOf(email);
      await service.ensureEmailKeys();
      let total = emptyCount();
      const at = new Date();
      for (;;) {
        const rows = (await requests().findMany({
          where: { emailKey: key, anonymizedAt: { $null: true } },
          select: ['id'],
          orderBy: { id: 'asc' },
          limit: PRIVACY_BATCH_SIZE,
        })) as Pick<QuoteRequestRow, 'id'>[];
        if (rows.length === 0) break;
        // The guard keeps the claim on the address: a row edited to another address meanwhile is left.
        const count = await service.anonymiseRequests(
          rows.map((row) => row.id),
          { emailKey: key },
          at
        );
        total = addCounts(total, count);
        if (count.requests === 0) break;
      }
      const subjectHash = service.subjectHash(email);
      await service.record({
        action: 'erase',
        actor,
        subjectHash,
        requestCount: total.requests,
        notificationCount: total.notificationsDeleted + total.notificationsStripped,
        details: {
          notificationsDeleted: total.notificationsDeleted,
          notificationsStripped: total.notificationsStripped,
        },
      });
      strapi.log.info(
        `[privacy] erasure by ${actor.kind}: ${total.requests} request(s) anonymised, ${total.notificationsDeleted} notification(s) deleted, ${total.notificationsStripped} stripped (subject ${subjectHash.slice(0, 12)}…)`
      );
      return { ...total, subjectHash };
    },

    /**
     * Right of access: everything stored about this address (requests, the mails sent about them
     * without other people's addresses, the consent sentences agreed to). Recorded in the privacy log.
     */
    async exportData(email: string, actor: PrivacyActor): Promise<PrivacyExport> {
      const key = emailKeyOf(email);
      await service.ensureEmailKeys();
      const found = (await requests().findMany({
        where: { emailKey: key },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      })) as QuoteRequestRow[];
      const ids = found.map((row) => row.id);
      const mails =
        ids.length === 0
          ? []
          : ((await notifications().findMany({
              where: { quoteRequestId: { $in: ids } },
              orderBy: { id: 'asc' },
            })) as QuoteNotificationRow[]);
      const hashes = found.map((row) => row.consentTextHash).filter((hash): hash is string => Boolean(hash));
      const consentTexts = await getService('privacy-consent').textsByHash(hashes);
      const attachments = new Map<number, ExportedAttachment[]>();
      const dirs = attachmentDirs(strapi);
      for (const row of await attachmentRowsOf(strapi, ids)) {
        const list = attachments.get(row.quoteRequestId) ?? [];
        // The files themselves are part of what is held about the person: in the export, base64.
        let content: string | null = null;
        try {
          content = (await fs.promises.readFile(storedPathOf(dirs, row.storedName))).toString('base64');
        } catch (error) {
          // Named by its row only: the file's name may say who the person is.
          strapi.log.error(
            `[privacy] access export: attachment ${row.id} could not be read (${error instanceof Error && 'code' in error ? String(error.code) : 'unknown'})`
          );
        }
        list.push({ name: row.fileName, size: Number(row.size), type: row.mime, content });
        attachments.set(row.quoteRequestId, list);
      }
      const document = buildPrivacyExport({
        email,
        generatedAt: new Date(),
        requests: found,
        notifications: mails,
        consentTexts,
        attachments,
      });
      await service.record({
        action: 'export',
        actor,
        subjectHash: service.subjectHash(email),
        requestCount: found.length,
        notificationCount: mails.length,
      });
      strapi.log.info(`[privacy] access export by ${actor.kind}: ${found.length} request(s), ${mails.length} mail(s)`);
      return document;
    },
  };
  return service;
};
