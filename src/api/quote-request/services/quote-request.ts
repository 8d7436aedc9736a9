import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';
import { QUOTE_NOTIFICATION_UID, QUOTE_REQUEST_UID, type RequestLocale } from '../constants';
import { rateLimitIdentity } from '../domain/client-address';
import { mailboxKeyOf } from '../domain/mailbox-key';
import { resolveRecipients } from '../domain/routing';
import { createSubmissionRateLimiter, type RateDecision, type SubmissionRateLimiter } from '../rate-limiter';
import { quoteSettings } from '../settings';
import { createSubmissionStore } from '../submission-store';
import { describeDatabaseFailure } from '../../../database/failure';
import { newDocumentId } from '../../../utils/document-id';
import { getService } from '../../../utils/get-service';
import { isUniqueViolation } from '../../../utils/unique-violation';
import { leadEvents } from '../../../lead-events';
import type { QuoteRequestRow } from '../rows';
import type { QuoteSubmission } from '../validation/submission-schema';
import { validateSubmission } from '../validation/validate-submission';
import {
  ATTACHMENT_UID,
  attachmentDirs,
  attachmentRowsFor,
  attachmentsFingerprint,
  discardPlaced,
  placeAttachments,
  type PlacedAttachment,
  type UploadedAttachment,
} from '../attachments/store';

export interface SubmissionMeta {
  ip: string;
  userAgent?: string;
  idempotencyKey?: string;
  /** Files of a multipart submission, checked, in the temp directory (the caller removes what is not kept). */
  attachments?: readonly UploadedAttachment[];
}

/** What the requester gets back: no personal data, the same for real and honeypot submissions. */
export interface QuoteReceipt {
  reference: string;
  status: 'received';
  expectedResponseBy: string;
  /** The sales desk's IANA time zone, in which the mails state the promise (a receipt says it the same way). */
  timeZone: string;
}

type StoredRequest = Pick<QuoteRequestRow, 'id' | 'documentId' | 'reference' | 'expectedResponseBy' | 'payloadHash'>;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
export const CONFIRMATIONS_PER_ADDRESS = 3;
const CONFIRMATION_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Created by rate-limiter-flexible in the application's database; not a Strapi content type. */
export const RATE_LIMIT_TABLE = 'quote_rate_limits';

const sha256 = (value: string): string => crypto.createHash('sha256').update(value).digest('hex');

/** Key order independent, so a retried body hashes the same whatever the client's serialiser did. */
const stableStringify = (value: Record<string, unknown>): string =>
  JSON.stringify(
    Object.keys(value)
      .sort()
      .map((key) => [key, value[key]])
  );

const toReceipt = (row: StoredRequest, timeZone: string): QuoteReceipt => ({
  reference: row.reference,
  status: 'received',
  expectedResponseBy: new Date(row.expectedResponseBy).toISOString(),
  timeZone,
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = quoteSettings(strapi);
  // One limit for all instances: counted in Redis when configured, else in this app's database. Built
  // on first use, when the database connection is up.
  let limiter: SubmissionRateLimiter | undefined;
  const rateLimiter = (): SubmissionRateLimiter =>
    (limiter ??= createSubmissionRateLimiter({
      max: settings.rateLimit.max,
      windowMs: settings.rateLimit.windowMs,
      store: settings.rateLimit.redisUrl
        ? { kind: 'redis', url: settings.rateLimit.redisUrl }
        : {
            kind: 'database',
            knex: strapi.db.connection,
            tableName: RATE_LIMIT_TABLE,
            schemaName: strapi.db.getSchemaName(),
          },
      keyPrefix: 'quote-submission',
      warn: (message) => strapi.log.warn(message),
    }));

  const { store } = createSubmissionStore(strapi, settings);

  const findByIdempotencyKey = async (keyHash: string): Promise<StoredRequest | null> =>
    (await strapi.db.query(QUOTE_REQUEST_UID).findOne({
      where: { idempotencyKey: keyHash },
      select: ['id', 'documentId', 'reference', 'expectedResponseBy', 'payloadHash'],
    })) as StoredRequest | null;

  /** The desk's zone (its settings are cached: no query on a submission). */
  const deskTimeZone = async (): Promise<string> => (await getService('sales-desk').getDesk()).settings.timeZone;

  const replay = async (existing: StoredRequest, payloadHash: string): Promise<QuoteReceipt> => {
    if (existing.payloadHash && existing.payloadHash !== payloadHash) {
      throw createHttpError(409, 'This Idempotency-Key was already used with a different request body');
    }
    return toReceipt(existing, await deskTimeZone());
  };

  const hashIp = (ip: string): string => sha256(`${settings.ipHashSalt}:${ip}`);

  /**
   * Non-spam requests to this address's mailbox in the last 24 h, the one being stored excluded, counted up
   * to `upTo`. The mailbox, not the address as typed: `victim+1@…` … `victim+5@…` (and, at gmail.com,
   * `v.ictim@…`) fill one inbox (see mailboxKeyOf). Matched on the indexed key stored with each request;
   * counting no further than the cap keeps the cost of a submission flat when one mailbox sends
   * thousands (a `count(*)` read all of them each time).
   */
  const recentRequestsTo = async (email: string, excludeId: number, upTo: number): Promise<number> => {
    const rows = await strapi.db.query(QUOTE_REQUEST_UID).findMany({
      select: ['id'],
      where: {
        mailboxKey: mailboxKeyOf(email),
        createdAt: { $gt: new Date(Date.now() - CONFIRMATION_WINDOW_MS) },
        anonymizedAt: { $null: true },
        notificationStatus: { $ne: 'skipped' },
        id: { $ne: excludeId },
      },
      limit: upTo,
    });
    return rows.length;
  };

  return {
    /**
     * Counts one submission attempt for this client: its address normalised (IPv4-mapped IPv6 is IPv4,
     * an IPv6 address stands for its /64), by salted hash (the store keeps no address); throws Strapi's
     * RateLimitError (429) past the limit.
     */
    async enforceRateLimit(ip: string): Promise<RateDecision> {
      const client = rateLimitIdentity(ip, settings.rateLimit.ipv6PrefixLength);
      const decision = await rateLimiter().consume(hashIp(client));
      if (!decision.allowed) {
        throw new errors.RateLimitError('Too many quote requests, please try again later.', {
          retryAfterSeconds: Math.max(1, Math.ceil(decision.resetMs / 1000)),
        });
      }
      return decision;
    },

    /** Closes the rate limit store's own connection (Redis), on Strapi's destroy; later checks count in memory. */
    async closeRateLimiter(): Promise<void> {
      await limiter?.close();
    },

    /** Validation shared by REST and GraphQL: same rules, same errors. */
    validate(body: unknown, acceptLanguage?: string): Promise<QuoteSubmission> {
      return validateSubmission(body, acceptLanguage);
    },

    /**
     * Stores a validated submission and its pending notifications in one transaction, then wakes the
     * outbox. Never talks to SMTP: the answer does not wait for mail.
     */
    async submit(input: QuoteSubmission, meta: SubmissionMeta): Promise<QuoteReceipt> {
      const { _gotcha: honeypot, ...fields } = input;
      const uploads = meta.attachments ?? [];
      // Idempotency covers the files: their content and names join the hash (a JSON submission's is unchanged).
      const payloadHash = sha256(
        uploads.length > 0 ? `${stableStringify(fields)}\n${attachmentsFingerprint(uploads)}` : stableStringify(fields)
      );

      let keyHash: string | undefined;
      if (meta.idempotencyKey !== undefined) {
        if (!IDEMPOTENCY_KEY.test(meta.idempotencyKey)) {
          throw new errors.ValidationError(
            'Invalid Idempotency-Key header: 8 to 128 characters among A-Z a-z 0-9 _ . : -',
            {
              errors: [
                { path: ['Idempotency-Key'], message: 'Invalid Idempotency-Key header', name: 'ValidationError' },
              ],
            }
          );
        }
        keyHash = sha256(meta.idempotencyKey);
        const existing = await findByIdempotencyKey(keyHash);
        if (existing) return replay(existing, payloadHash);
      }

      const isSpam = Boolean(honeypot);
      const receivedAt = new Date();
      // The SLA counted in the sales desk's business hours (Friday 17:30 + 4 h: Monday 12:30).
      const expectedResponseBy = await getService('sales-desk').expectedResponseBy(receivedAt);
      // The submission names the requester's language `locale`; it is stored as `language`, since `locale`
      // is i18n's own column (on a type that is not localized it stays empty). The payload hash above still
      // covers the submission as sent.
      const { locale, ...attributes } = fields;
      const language: RequestLocale = locale ?? 'fr';
      const routing = await getService('quote-routing').getRouting();
      const recipients = resolveRecipients(routing, fields.requestedModel);
      // The consent sentence published in the requester's language now (hash + overview version), stored
      // before the transaction so that its text exists whenever a request refers to it.
      const consentText = await getService('privacy-consent').currentConsent(language);

      let stored: StoredRequest;
      let confirmed = true;
      // The files get their random names before the transaction that inserts their rows, and lose them
      // again if it fails: no row ever names a missing file. Spam keeps no file.
      let placed: PlacedAttachment[] = [];
      try {
        placed = isSpam ? [] : await placeAttachments(attachmentDirs(strapi), uploads);
        // Safe to run twice (a shared transaction that failed is rolled back and its submissions run
        // again alone): it builds its rows anew and does nothing outside the transaction.
        ({ row: stored, confirmed } = await store(async () => {
          // The query engine, not the document service: the submission is fully validated above, and
          // Strapi's entity validator rebuilds its yup schemas on every create (a third of the CPU of a
          // submission). `createMany` of one row, not `create`: `create` reads the new row back (a
          // statement and its row transform) for nothing the receipt lacks. The database lifecycles
          // (tagging, reference) run all the same, `beforeCreateMany` and `afterCreateMany`.
          const data: Record<string, unknown> = {
            ...attributes,
            documentId: newDocumentId(),
            publishedAt: receivedAt,
            language,
            consentAt: receivedAt,
            consentTextHash: consentText?.hash ?? null,
            consentTextVersion: consentText?.version ?? null,
            stage: isSpam ? 'spam' : 'new',
            expectedResponseBy,
            routedTo: isSpam ? [] : [...recipients.to, ...recipients.cc],
            notificationStatus: isSpam ? 'skipped' : 'pending',
            notificationAttempts: 0,
            // QUOTE_STORE_IP=false: no trace of the address with the request (the rate limit above still counts it).
            ipHash: settings.storeIp ? hashIp(meta.ip) : null,
            userAgent: meta.userAgent?.slice(0, 512),
            idempotencyKey: keyHash,
            payloadHash,
            attachmentCount: placed.length,
          };
          const { ids } = await strapi.db.query(QUOTE_REQUEST_UID).createMany({ data: [data] });
          // The afterCreateMany lifecycle turned the provisional reference into DEV-YYYY-NNNNNN.
          const [id] = ids;
          const reference = data.reference;
          if (typeof id !== 'number' || typeof reference !== 'string' || !/^DEV-/.test(reference)) {
            throw new Error(`quote request ${String(id)} has no final reference`);
          }
          if (placed.length > 0) {
            await strapi.db.query(ATTACHMENT_UID).createMany({ data: attachmentRowsFor(id, placed) });
          }
          const row: StoredRequest = {
            id,
            documentId: data.documentId as string,
            reference,
            expectedResponseBy: expectedResponseBy.toISOString(),
            payloadHash,
          };

          if (!isSpam) {
            // Outbox rows are internal bookkeeping: one multi-row INSERT through the query engine (no
            // document-service pass), carrying the ids the admin needs to list them.
            const now = new Date();
            const outboxRow = (kind: 'sales' | 'confirmation', to: string[], cc: string[]) => ({
              documentId: newDocumentId(),
              publishedAt: now,
              quoteRequestId: row.id,
              reference: row.reference,
              kind,
              deliveryStatus: 'pending',
              recipients: to,
              cc,
              attempts: 0,
              nextAttemptAt: now,
            });
            // The CRM's lead event, in this transaction (before the mails: whatever fails after it rolls it
            // back with the request). Spam and replays never get here.
            await leadEvents(strapi).created(
              {
                ...fields,
                reference: row.reference,
                receivedAt,
                language,
                tags: data.tags,
                stage: 'new',
                expectedResponseBy,
                consentTextVersion: consentText?.version ?? null,
              },
              // Names, sizes and types only: the files stay with the request (the CRM links back to it).
              placed.map((file) => ({ name: file.name, size: file.size, type: file.mime }))
            );
            // The confirmation goes to an address anyone can type: at most CONFIRMATIONS_PER_ADDRESS per
            // mailbox per 24 h, counted in the database so the cap holds across instances and restarts.
            // Requests past the cap are stored (the address as typed) and routed to sales as usual.
            const confirm =
              (await recentRequestsTo(fields.email, row.id, CONFIRMATIONS_PER_ADDRESS)) < CONFIRMATIONS_PER_ADDRESS;
            await strapi.db.query(QUOTE_NOTIFICATION_UID).createMany({
              data: [
                outboxRow('sales', recipients.to, recipients.cc),
                ...(confirm ? [outboxRow('confirmation', [fields.email], [])] : []),
              ],
            });
            return { row, confirmed: confirm };
          }
          return { row, confirmed: false };
        }));
      } catch (error) {
        await discardPlaced(placed);
        // Two concurrent retries with one key: the loser of the unique index replays the winner.
        if (keyHash && isUniqueViolation(error)) {
          const existing = await findByIdempotencyKey(keyHash);
          if (existing) return replay(existing, payloadHash);
        }
        // Strapi's own errors carry what the client is told; anything else (the database, a driver, a bug)
        // goes on to the error middleware's or GraphQL's log line without its message, which may quote
        // the row (knex's statement, the driver's detail). No reference exists yet to name the request by.
        if (error instanceof errors.ApplicationError || createHttpError.isHttpError(error)) throw error;
        throw new Error(`[quote] a quote request could not be stored: ${describeDatabaseFailure(error)}`);
      }

      if (isSpam) {
        strapi.log.info(`[quote] ${stored.reference} stored as spam (honeypot filled); no mail sent`);
      } else {
        if (!confirmed) {
          strapi.log.warn(`[quote] ${stored.reference}: confirmation cap reached for this mailbox; no confirmation`);
        }
        getService('quote-notification').wake();
      }
      // Webhooks (Settings → Webhooks, event "entry.create") still hear about new requests; the payload
      // carries what a CRM needs to fetch the request, not the requester's personal data.
      void strapi.eventHub
        .emit('entry.create', {
          model: 'quote-request',
          uid: QUOTE_REQUEST_UID,
          entry: {
            id: stored.id,
            documentId: stored.documentId,
            reference: stored.reference,
            requestedModel: fields.requestedModel,
            stage: isSpam ? 'spam' : 'new',
          },
        })
        .catch((error: unknown) =>
          strapi.log.error(`[quote] webhook event for ${stored.reference} failed: ${String(error)}`)
        );
      return toReceipt(stored, await deskTimeZone());
    },
  };
};
