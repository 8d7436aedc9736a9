import { attachmentsOfRequest } from '../../quote-request/attachments/store';
import { siteIdentity } from '../../site/identity';
import { confirmationIdentity } from '../../../utils/mail-identity';
import crypto from 'crypto';
import os from 'os';
import { newDocumentId } from '../../../utils/document-id';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';
import { QUOTE_NOTIFICATION_UID, QUOTE_REQUEST_UID } from '../../quote-request/constants';
import {
  renderConfirmation,
  renderSalesNotification,
  type RenderableRequest,
} from '../../quote-request/domain/render-emails';
import {
  classifySendFailure,
  describeRejections,
  redact,
  rejectedRecipientsOf,
  type SendFailure,
} from '../../quote-request/domain/delivery-outcome';
import { renderDeliveryAlert } from '../../quote-request/domain/render-alert';
import { renderSlaReminder } from '../../sales-desk/domain/render-reminder';
import { CONFIRMATION_PRIORITY, planClaim, URGENT_PRIORITY } from '../domain/claim-priority';
import { listOrderOf } from '../domain/list-order';
import { alertRecipients, resolveRecipients } from '../../quote-request/domain/routing';
import { retryDelayMs } from '../../quote-request/domain/schedule';
import { quoteSettings } from '../../quote-request/settings';
import { getService } from '../../../utils/get-service';
import { getStrapiService } from '../../../utils/strapi-services';
import type { QuoteNotificationRow, QuoteRequestRow } from '../../quote-request/rows';

type NotificationRow = QuoteNotificationRow;
type NotificationStatus = NotificationRow['deliveryStatus'];

export interface DispatchReport {
  claimed: number;
  sent: number;
  /** Accepted by the mail server for some recipients only (`rejectedRecipients` on the row). */
  partial: number;
  retried: number;
  failed: number;
  /** Rows whose claim another instance took over before this one finished: nothing recorded for them. */
  lost: number;
  /** The rows whose outcome (sent, partial, failed, or a rescheduled retry) this pass recorded. */
  settledIds: number[];
}

/** A mail ready to hand to the email plugin. */
interface OutgoingMail {
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  /** The confirmation's `From` (the Site's contact) and `Sender` (EMAIL_FROM's address, when different). */
  from?: string;
  sender?: string;
}

/** The columns an outcome writes (the claim is released with it). */
type Outcome = Partial<
  Pick<
    NotificationRow,
    | 'deliveryStatus'
    | 'attempts'
    | 'sentAt'
    | 'messageId'
    | 'recipients'
    | 'cc'
    | 'rejectedRecipients'
    | 'lastError'
    | 'nextAttemptAt'
  >
>;

const MAX_ERROR_LENGTH = 1000;

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
      { deliveryStatus: 'pending', $or: [{ nextAttemptAt: { $null: true } }, { nextAttemptAt: { $lte: now } }] },
      { deliveryStatus: 'sending', lockedUntil: { $lt: now } },
    ],
  });

  /**
   * When the oldest sales mail (or alert, reminder) of this dispatcher's latest claim was queued; unset
   * when that claim found none waiting. Read by the submission path (`urgentMailDelayMs`): under a flood
   * it slows new submissions down while sales mail waits too long (see QuoteSettings.floodGuard).
   */
  let urgentHeadQueuedAt: number | undefined;

  let claimCounter = 0;
  /** This dispatcher's unused share of confirmation slots (see planClaim). */
  let confirmationCredit = 0;

  /**
   * The oldest due rows of each class, read on the claim index (delivery_status, priority, id): each
   * read is one ordered index range, whatever the number of sent rows before it. Rows whose claimant
   * died (lease ran out) join their class.
   */
  const dueCandidates = async (now: Date, limit: number): Promise<{ urgent: number[]; confirmations: number[] }> => {
    const pending = async (priority: number) =>
      (
        (await notifications().findMany({
          where: {
            deliveryStatus: 'pending',
            priority,
            $or: [{ nextAttemptAt: { $null: true } }, { nextAttemptAt: { $lte: now } }],
          },
          select: ['id'],
          orderBy: { id: 'asc' },
          limit,
        })) as { id: number }[]
      ).map((row) => row.id);
    const urgent = await pending(URGENT_PRIORITY);
    const confirmations = await pending(CONFIRMATION_PRIORITY);
    const abandoned = (await notifications().findMany({
      where: { deliveryStatus: 'sending', lockedUntil: { $lt: now } },
      select: ['id', 'priority'],
      orderBy: [{ priority: 'asc' }, { id: 'asc' }],
      limit,
    })) as { id: number; priority: number | null }[];
    if (abandoned.length === 0) return { urgent, confirmations };
    const byId = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b).slice(0, limit);
    return {
      urgent: byId([...urgent, ...abandoned.filter((r) => r.priority !== CONFIRMATION_PRIORITY).map((r) => r.id)]),
      confirmations: byId([
        ...confirmations,
        ...abandoned.filter((r) => r.priority === CONFIRMATION_PRIORITY).map((r) => r.id),
      ]),
    };
  };

  /**
   * Atomic batch claim: one conditional UPDATE stamps the chosen due rows with a token unique to this
   * claim, then one SELECT reads back exactly the rows this instance won. A row another instance claimed
   * in between no longer matches the due condition, so it is never stamped twice (SQLite, PostgreSQL
   * and MySQL all re-check the WHERE clause on the row they update). Sales notifications, reminders and
   * alerts are chosen before confirmations, which keep one slot in CONFIRMATION_SHARE (planClaim).
   */
  const claimDueRows = async (): Promise<{ token: string; rows: NotificationRow[] } | undefined> => {
    const now = new Date();
    const { urgent, confirmations } = await dueCandidates(now, settings().batchSize);
    if (urgent.length === 0) urgentHeadQueuedAt = undefined;
    if (urgent.length === 0 && confirmations.length === 0) return undefined;
    const plan = planClaim(urgent, confirmations, settings().batchSize, confirmationCredit);
    confirmationCredit = plan.credit;
    claimCounter += 1;
    const token = `${instanceId}:${claimCounter}`;
    const { count } = await notifications().updateMany({
      where: { id: { $in: plan.ids }, ...dueWhere(now) },
      data: { deliveryStatus: 'sending', lockedBy: token, lockedUntil: new Date(now.getTime() + settings().leaseMs) },
    });
    if (count === 0) return { token, rows: [] };
    const rows = (await notifications().findMany({
      where: { lockedBy: token, deliveryStatus: 'sending' },
      orderBy: [{ priority: 'asc' }, { id: 'asc' }],
    })) as NotificationRow[];
    const queuedAt = rows
      .filter((row) => row.priority !== CONFIRMATION_PRIORITY && row.createdAt)
      .map((row) => new Date(row.createdAt as string | Date).getTime());
    urgentHeadQueuedAt = queuedAt.length > 0 ? Math.min(...queuedAt) : undefined;
    return { token, rows };
  };

  const claimBatch = async (): Promise<{ token: string; rows: NotificationRow[] } | undefined> => {
    // One transaction: one wait for the connection (SQLite has one) instead of one per statement.
    const claim = await strapi.db.transaction(() => claimDueRows());
    return claim;
  };

  /**
   * Keeps a claim alive while its batch is sending: a batch of slow sends can outlast one lease, and
   * another instance would otherwise take the rows over and send them again. Renews every third of the
   * lease, only the rows that still carry this claim's token.
   */
  const renewLeaseWhileSending = (token: string): (() => void) => {
    const renew = () => {
      notifications()
        .updateMany({
          where: { lockedBy: token, deliveryStatus: 'sending' },
          data: { lockedUntil: new Date(Date.now() + settings().leaseMs) },
        })
        .catch((error: unknown) => {
          // The final updates are fenced: a claim lost because of this shows as "claim lost" there.
          strapi.log.warn(`[outbox] could not renew the lease of claim ${token}: ${String(error)}`);
        });
    };
    const renewal = setInterval(renew, Math.max(50, Math.floor(settings().leaseMs / 3)));
    renewal.unref();
    return () => clearInterval(renewal);
  };

  /** The requests behind a batch, in one query. */
  const loadRequests = async (batch: NotificationRow[]): Promise<Map<number, QuoteRequestRow>> => {
    // Invitations belong to no request.
    const ids = [
      ...new Set(batch.map((row) => row.quoteRequestId).filter((id): id is number => typeof id === 'number')),
    ];
    const rows = (await strapi.db
      .query(QUOTE_REQUEST_UID)
      .findMany({ where: { id: { $in: ids } } })) as QuoteRequestRow[];
    return new Map(rows.map((row) => [row.id, row]));
  };

  const recipientsFor = async (
    kind: 'sales' | 'confirmation' | 'reminder',
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

  /** The requester's own data: kept out of logs and alerts if a server's answer echoes it. */
  const requesterData = (request: RenderableRequest) => [
    request.email,
    request.fullName,
    request.company,
    request.phone,
  ];

  /**
   * The alert about a sales notification that was not (fully) delivered: to QUOTE_ALERT_EMAIL, else the
   * routing's fallback, resolved now like every recipient; the details come from the notification itself.
   */
  const composeAlert = async (row: NotificationRow, request: RenderableRequest): Promise<OutgoingMail> => {
    const routing = await getService('quote-routing').getRouting();
    const to = alertRecipients(quoteSettings(strapi).alertEmail, routing);
    if (to.length === 0) {
      throw new Error('no alert recipient: set QUOTE_ALERT_EMAIL or a fallback address in Quote routing');
    }
    const source = row.alertFor
      ? ((await notifications().findOne({
          where: { id: row.alertFor },
          select: ['deliveryStatus', 'attempts', 'lastError', 'rejectedRecipients'],
        })) as Pick<NotificationRow, 'deliveryStatus' | 'attempts' | 'lastError' | 'rejectedRecipients'> | null)
      : null;
    const alert = renderDeliveryAlert({
      reference: request.reference,
      outcome: source?.deliveryStatus === 'partial' ? 'partial' : 'failed',
      attempts: source?.attempts ?? 0,
      serverAnswer: source?.lastError ?? '',
      rejectedRecipients: asStringList(source?.rejectedRecipients),
      redactions: requesterData(request),
    });
    return { to, cc: [], ...alert };
  };

  /**
   * The reminder of a request still `new` after its promised time: to the team the routing sends this
   * model to (resolved now), copied to the routing's cc and QUOTE_ESCALATION_EMAIL.
   */
  const composeReminder = async (request: RenderableRequest): Promise<OutgoingMail> => {
    const routing = await getService('quote-routing').getRouting();
    const { to, cc } = resolveRecipients(routing, request.requestedModel);
    if (to.length === 0) throw new Error('no sales recipient configured in Quote routing');
    const escalation = quoteSettings(strapi).slaReminders.escalationEmail;
    const copied = [...new Set([...cc, ...escalation])].filter((address) => !to.includes(address));
    const { timeZone } = (await getService('sales-desk').getDesk()).settings;
    return { to, cc: copied, ...renderSlaReminder(request, timeZone) };
  };

  const compose = async (row: NotificationRow, request: RenderableRequest): Promise<OutgoingMail> => {
    if (row.kind === 'alert') return composeAlert(row, request);
    if (row.kind === 'reminder') return composeReminder(request);
    if (row.kind === 'invitation') throw new Error('an invitation is composed by deliverInvitation');
    // Recipients are resolved now, from the request and the routing in force, never read from the
    // outbox row: a row is bookkeeping, and nothing an admin can type decides where personal data goes.
    const { to, cc } = await recipientsFor(row.kind, request);
    if (to.length === 0) throw new Error('no sales recipient configured in Quote routing');
    // Times in the desk's time zone: the promise reads "lundi 30 novembre à 12:30 (heure de Paris)".
    const { timeZone } = (await getService('sales-desk').getDesk()).settings;
    const { companyName, adminUrl } = quoteSettings(strapi).mail;
    if (row.kind === 'confirmation') {
      // Signed as editors wrote it in the admin (Site, in the requester's language); COMPANY_NAME otherwise.
      const identity = await siteIdentity(strapi, request.locale);
      // From the Site's contact: a reply reaches the address editors set, not a placeholder.
      const sender = confirmationIdentity(
        { companyName: identity?.companyName ?? companyName, contactEmail: identity?.contactEmail ?? null },
        {
          from: strapi.config.get<string>('plugin::email.settings.defaultFrom'),
          replyTo: strapi.config.get<string>('plugin::email.settings.defaultReplyTo'),
        }
      );
      return {
        to,
        cc,
        ...sender,
        ...renderConfirmation(request, timeZone, {
          companyName: identity?.companyName ?? companyName,
          signature: identity?.mailSignature,
        }),
      };
    }
    return {
      to,
      cc,
      // The files are named and the request linked, never attached: they stay where the admin's roles guard them.
      ...renderSalesNotification(request, timeZone, {
        adminUrl,
        attachments:
          row.quoteRequestId === null || row.quoteRequestId === undefined
            ? []
            : await attachmentsOfRequest(strapi, row.quoteRequestId),
      }),
      // Sales answer the prospect directly; the prospect answers the default sales reply-to.
      replyTo: `"${request.fullName.replace(/["\\]/g, '')}" <${request.email}>`,
    };
  };

  /**
   * Records a row's outcome, and its side effects in the same transaction, only while the row still
   * carries this claim's token. When another instance took the row over (this claim's lease ran out),
   * nothing is written: that instance owns the row now, and this outcome is not counted.
   */
  const settle = async (
    row: NotificationRow,
    token: string,
    outcome: Outcome,
    sideEffects?: () => Promise<void>
  ): Promise<boolean> => {
    const applied = await strapi.db.transaction(async () => {
      // The new list order goes with the status (see list-order.ts): the lifecycle has nothing to read.
      const listOrder = outcome.deliveryStatus ? { listOrder: listOrderOf(row.id, outcome.deliveryStatus) } : {};
      const { count } = await notifications().updateMany({
        where: { id: row.id, lockedBy: token },
        data: { ...outcome, ...listOrder, lockedBy: null, lockedUntil: null },
      });
      if (count === 0) return false;
      if (sideEffects) await sideEffects();
      return true;
    });
    if (!applied) {
      strapi.log.warn(
        `[outbox] claim lost on notification ${row.id} (${row.kind} mail for ${row.reference ?? `request ${row.quoteRequestId}`}): ` +
          `another instance took it over after the lease ran out; this instance records nothing for it`
      );
    }
    return applied;
  };

  /**
   * One alert per sales notification that ends failed or partial, ever (a unique index on `alertFor`
   * backs this check). Runs inside the transaction of the final update, which only one claim can apply.
   */
  const queueAlert = async (row: NotificationRow): Promise<void> => {
    if (row.kind !== 'sales') return;
    if ((await notifications().count({ where: { alertFor: row.id } })) > 0) return;
    const now = new Date();
    await notifications().create({
      data: {
        documentId: newDocumentId(),
        publishedAt: now,
        quoteRequestId: row.quoteRequestId,
        reference: row.reference,
        kind: 'alert',
        deliveryStatus: 'pending',
        recipients: [],
        cc: [],
        attempts: 0,
        nextAttemptAt: now,
        alertFor: row.id,
      },
    });
  };

  /** `routedTo` on the request: the sales addresses the notification was actually sent to. */
  const recordRoutedTo = async (quoteRequestId: number, addresses: string[]): Promise<void> => {
    await strapi.db.query(QUOTE_REQUEST_UID).update({ where: { id: quoteRequestId }, data: { routedTo: addresses } });
  };

  /**
   * Rolls the notification summary of the batch's requests (shown in the admin list) up from their sales
   * and confirmation rows. A partly delivered mail counts as failed there: the notification itself says
   * which recipients refused it. One read and one UPDATE per distinct summary, in one transaction: under
   * a flood of submissions every separate statement waits for the connection behind them, and one pair
   * of statements per request made the outbox send a few mails a second.
   */
  const summarise = async (quoteRequestIds: number[]): Promise<void> => {
    if (quoteRequestIds.length === 0) return;
    await strapi.db.transaction(async () => {
      const rows = (await notifications().findMany({
        where: { quoteRequestId: { $in: quoteRequestIds }, kind: { $in: ['sales', 'confirmation'] } },
        select: ['quoteRequestId', 'deliveryStatus', 'attempts', 'lastError'],
        orderBy: { id: 'asc' },
      })) as {
        quoteRequestId: number;
        deliveryStatus: NotificationStatus;
        attempts: number | null;
        lastError: string | null;
      }[];
      const byRequest = new Map<number, typeof rows>();
      for (const id of quoteRequestIds) byRequest.set(id, []);
      for (const row of rows) byRequest.get(row.quoteRequestId)?.push(row);
      interface SummaryGroup {
        summary: Record<string, unknown>;
        ids: number[];
      }
      const groups = new Map<string, SummaryGroup>();
      for (const [quoteRequestId, own] of byRequest) {
        const status = own.some((r) => r.deliveryStatus === 'failed')
          ? 'failed'
          : own.some((r) => r.deliveryStatus === 'partial')
            ? 'partial'
            : own.length > 0 && own.every((r) => r.deliveryStatus === 'sent')
              ? 'sent'
              : 'pending';
        const summary = {
          notificationStatus: status,
          notificationAttempts: own.reduce((sum, r) => sum + (r.attempts ?? 0), 0),
          notificationLastError: own.map((r) => r.lastError).find((e) => e) ?? null,
        };
        const key = JSON.stringify(summary);
        const group: SummaryGroup = groups.get(key) ?? { summary, ids: [] };
        group.ids.push(quoteRequestId);
        groups.set(key, group);
      }
      for (const { summary, ids } of groups.values()) {
        await strapi.db.query(QUOTE_REQUEST_UID).updateMany({ where: { id: { $in: ids } }, data: summary });
      }
    });
  };

  const deliver = async (
    row: NotificationRow,
    token: string,
    quoteRequest: QuoteRequestRow | undefined,
    report: DispatchReport
  ): Promise<void> => {
    const attempts = (row.attempts ?? 0) + 1;
    if (!quoteRequest) {
      if (await settle(row, token, { deliveryStatus: 'failed', attempts, lastError: 'quote request not found' })) {
        report.failed += 1;
        report.settledIds.push(row.id);
      } else {
        report.lost += 1;
      }
      return;
    }
    const request = toRenderable(quoteRequest);

    let sent: { mail: OutgoingMail; info: unknown; messageId: string } | undefined;
    let failure: (SendFailure & { rejected: string[] }) | undefined;
    try {
      const mail = await compose(row, request);
      const from = strapi.config.get('plugin::email.settings.defaultFrom');
      const messageId = `<${request.reference}.${row.kind}.${row.id}@${messageDomain(from)}>`;
      const info: unknown = await withTimeout(
        settings().sendTimeoutMs,
        getStrapiService('plugin::email.email').send({
          to: mail.to.join(', '),
          ...(mail.cc.length > 0 ? { cc: mail.cc.join(', ') } : {}),
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
          ...(mail.from ? { from: mail.from } : {}),
          // The SMTP envelope stays on the address the mail server sends from (bounces, SPF).
          ...(mail.sender
            ? { sender: mail.sender, envelope: { from: mail.sender, to: [...mail.to, ...mail.cc] } }
            : {}),
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId,
          headers: { 'X-Quote-Reference': request.reference },
        })
      );
      sent = { mail, info, messageId };
    } catch (error) {
      // Every recipient refused: nodemailer's error lists them like a partial send's info does.
      failure = { ...classifySendFailure(error), rejected: rejectedRecipientsOf(error) };
    }

    const label = `${row.kind} mail for ${request.reference}`;
    if (sent) {
      const { mail, info, messageId } = sent;
      const rejected = rejectedRecipientsOf(info);
      const partial = rejected.length > 0;
      const recorded = await settle(
        row,
        token,
        {
          deliveryStatus: partial ? 'partial' : 'sent',
          attempts,
          sentAt: new Date(),
          messageId,
          recipients: mail.to,
          cc: mail.cc,
          rejectedRecipients: partial ? rejected : null,
          lastError: partial ? describeRejections(info, rejected).slice(0, MAX_ERROR_LENGTH) : null,
          nextAttemptAt: null,
        },
        async () => {
          if (row.kind === 'sales') await recordRoutedTo(quoteRequest.id, [...mail.to, ...mail.cc]);
          if (partial) await queueAlert(row);
        }
      );
      if (!recorded) {
        report.lost += 1;
        return;
      }
      report.settledIds.push(row.id);
      if (partial) {
        report.partial += 1;
        strapi.log.warn(
          `[outbox] ${label} accepted, but refused for ${rejected.join(', ')}: status partial` +
            `${row.kind === 'sales' ? ', alert queued' : ''}`
        );
      } else {
        report.sent += 1;
      }
      return;
    }

    const { permanent, message, rejected } = failure ?? { permanent: false, message: 'no send result', rejected: [] };
    const giveUp = permanent || attempts >= settings().maxAttempts;
    const delay = retryDelayMs(attempts, settings().retryBaseMs, settings().retryMaxMs, Math.random());
    const recorded = await settle(
      row,
      token,
      {
        deliveryStatus: giveUp ? 'failed' : 'pending',
        attempts,
        lastError: message.slice(0, MAX_ERROR_LENGTH),
        rejectedRecipients: rejected.length > 0 ? rejected : null,
        nextAttemptAt: giveUp ? null : new Date(Date.now() + delay),
      },
      giveUp ? () => queueAlert(row) : undefined
    );
    if (!recorded) {
      report.lost += 1;
      return;
    }
    report.settledIds.push(row.id);
    const log = `[outbox] ${label} attempt ${attempts} failed: ${redact(message, requesterData(request))}`;
    if (permanent) {
      strapi.log.error(`${log}; permanent refusal: status failed${row.kind === 'sales' ? ', alert queued' : ''}`);
      report.failed += 1;
    } else if (giveUp) {
      strapi.log.error(`${log}; giving up after ${attempts} attempts (status failed, visible in the admin)`);
      report.failed += 1;
    } else {
      strapi.log.warn(`${log}; retry in ${Math.round(delay / 1000)} s`);
      report.retried += 1;
    }
  };

  /**
   * An admin user's invitation: composed now from the user's current registration token (a resent
   * invitation carries the new link), retried like every mail while the mail server is down. The token
   * and the address stay out of logs and of the row (Sales read the outbox; the staff list is not theirs).
   */
  const deliverInvitation = async (row: NotificationRow, token: string, report: DispatchReport): Promise<void> => {
    const attempts = (row.attempts ?? 0) + 1;
    const label = `invitation mail ${row.id} (admin user ${row.adminUserId ?? '?'})`;
    const composed = await getService('admin-invitation').compose(row.adminUserId);
    if ('nothingToSend' in composed) {
      if (await settle(row, token, { deliveryStatus: 'failed', attempts, lastError: composed.nothingToSend })) {
        strapi.log.info(`[outbox] ${label} not sent: ${composed.nothingToSend}`);
        report.failed += 1;
        report.settledIds.push(row.id);
      } else {
        report.lost += 1;
      }
      return;
    }
    const { mail, secrets } = composed;
    const from = strapi.config.get('plugin::email.settings.defaultFrom');
    const messageId = `<invitation.${row.id}@${messageDomain(from)}>`;
    let failure: SendFailure | undefined;
    try {
      await withTimeout(
        settings().sendTimeoutMs,
        getStrapiService('plugin::email.email').send({
          to: mail.to.join(', '),
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId,
        })
      );
    } catch (error) {
      failure = classifySendFailure(error);
    }
    if (!failure) {
      const recorded = await settle(row, token, {
        deliveryStatus: 'sent',
        attempts,
        sentAt: new Date(),
        messageId,
        lastError: null,
        nextAttemptAt: null,
      });
      if (recorded) {
        report.sent += 1;
        report.settledIds.push(row.id);
      } else {
        report.lost += 1;
      }
      return;
    }
    const message = redact(failure.message, secrets);
    const giveUp = failure.permanent || attempts >= settings().maxAttempts;
    const delay = retryDelayMs(attempts, settings().retryBaseMs, settings().retryMaxMs, Math.random());
    const recorded = await settle(row, token, {
      deliveryStatus: giveUp ? 'failed' : 'pending',
      attempts,
      lastError: message.slice(0, MAX_ERROR_LENGTH),
      nextAttemptAt: giveUp ? null : new Date(Date.now() + delay),
    });
    if (!recorded) {
      report.lost += 1;
      return;
    }
    report.settledIds.push(row.id);
    if (giveUp) {
      strapi.log.error(
        `[outbox] ${label} attempt ${attempts} failed: ${message}; status failed (resend it from Settings → Users)`
      );
      report.failed += 1;
    } else {
      strapi.log.warn(
        `[outbox] ${label} attempt ${attempts} failed: ${message}; retry in ${Math.round(delay / 1000)} s`
      );
      report.retried += 1;
    }
  };

  const service = {
    /** One pass: claim due rows in batches and deliver them, until nothing is due. */
    async dispatchPendingNotifications(): Promise<DispatchReport> {
      const report: DispatchReport = {
        claimed: 0,
        sent: 0,
        partial: 0,
        retried: 0,
        failed: 0,
        lost: 0,
        settledIds: [],
      };
      while (!stopped) {
        const claim = await claimBatch();
        if (!claim) break;
        const { token, rows: batch } = claim;
        if (batch.length === 0) continue;
        report.claimed += batch.length;
        const stopRenewing = renewLeaseWhileSending(token);
        try {
          const requests = await loadRequests(batch);
          await eachWithConcurrency(batch, settings().concurrency, async (row) => {
            try {
              if (row.kind === 'invitation') await deliverInvitation(row, token, report);
              else await deliver(row, token, requests.get(row.quoteRequestId ?? 0), report);
            } catch (error) {
              // Recording the outcome failed (database error): the row stays claimed and is taken over
              // after its lease, so the mail may go out again (at-least-once); the other rows go on.
              strapi.log.error(
                `[outbox] notification ${row.id} (${row.kind} mail for ${row.reference ?? `request ${row.quoteRequestId}`}): ` +
                  `outcome not recorded: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
              );
            }
          });
          await summarise([...requests.keys()]);
        } finally {
          stopRenewing();
        }
        // Rescheduled failures are not due yet: when nothing was settled for good, wait for the next tick.
        if (report.sent + report.partial + report.failed === 0 && batch.length < settings().batchSize) break;
      }
      return report;
    },

    /**
     * After the routing was saved: sales mails waiting in backoff (for lack of a recipient, most likely)
     * are due at once and this instance's outbox runs now, instead of at each mail's next retry (up to
     * minutes away). Other instances pick them up at their next tick.
     */
    async releaseWaitingSalesMail(): Promise<number> {
      const now = new Date();
      const { count } = await notifications().updateMany({
        where: { kind: 'sales', deliveryStatus: 'pending', nextAttemptAt: { $gt: now } },
        data: { nextAttemptAt: now },
      });
      service.wake();
      return count;
    },

    /**
     * Re-queues a failed or partly delivered notification now (an admin's explicit Retry). Recipients
     * are not part of the request: they are resolved again when the mail is sent.
     */
    async retry(documentId: string): Promise<{ documentId: string; status: 'pending' }> {
      const row = (await notifications().findOne({ where: { documentId }, select: ['id', 'deliveryStatus'] })) as {
        id: number;
        deliveryStatus: NotificationStatus;
      } | null;
      if (!row) throw new errors.NotFoundError('Notification not found');
      const { count } = await notifications().updateMany({
        where: { id: row.id, deliveryStatus: { $in: ['failed', 'partial'] } },
        data: { deliveryStatus: 'pending', nextAttemptAt: new Date(), attempts: 0, lockedBy: null, lockedUntil: null },
      });
      if (count === 0) {
        throw createHttpError(
          409,
          `Only a failed or partly delivered notification can be retried (this one is ${row.deliveryStatus})`
        );
      }
      service.wake();
      return { documentId, status: 'pending' };
    },
    /**
     * How long the oldest sales mail (or alert, reminder) this instance's outbox last claimed had waited,
     * as of now: 0 when its last claim found none waiting, or when the outbox does not run here.
     */
    urgentMailDelayMs(now = Date.now()): number {
      if (!settings().enabled || urgentHeadQueuedAt === undefined) return 0;
      return Math.max(0, now - urgentHeadQueuedAt);
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
