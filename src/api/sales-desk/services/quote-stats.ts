import type { Core } from '@strapi/strapi';
import {
  QUOTE_NOTIFICATION_UID,
  QUOTE_REQUEST_UID,
  REQUESTED_MODELS,
  type RequestedModel,
} from '../../quote-request/constants';
import { URGENT_PRIORITY } from '../../quote-notification/domain/claim-priority';
import { unroutedModels } from '../../quote-request/domain/routing';
import { getService } from '../../../utils/get-service';
import { QUOTE_REQUESTS_TABLE } from '../../privacy-log/services/privacy';
import { quoteSettings } from '../../quote-request/settings';
import { DASHBOARD_WINDOW_DAYS, MIN_PUBLIC_SAMPLE, PUBLIC_STATS_WINDOW_DAYS } from '../constants';
import { businessMinutesBetween } from '../domain/business-time';
import { summariseResponses, type ResponseSample, type ResponseStats } from '../domain/response-stats';
import { SALES_MANAGER_ROLE_CODE } from '../../../features/quote-desk/roles';
import { leadEvents } from '../../../lead-events';

const DAY_MS = 24 * 60 * 60 * 1000;
const QUOTE_NOTIFICATIONS_TABLE = 'quote_notifications';
/** Stages in which a request still waits for the sales team's outcome. */
export const OPEN_STAGES = ['new', 'qualified', 'contacted', 'proposal'] as const;

/** GET /api/quote-stats, GraphQL `quoteStats`: figures only, nothing about any requester. */
export interface PublicQuoteStats {
  medianFirstResponseMinutes: number | null;
  withinPromiseRate: number | null;
  sampleSize: number;
  windowDays: number;
}

/** GET /api/quote-requests/dashboard (Super Admin, Sales). */
export interface SalesDashboard {
  openByModel: Record<RequestedModel, number>;
  overdue: number;
  medianFirstResponseBusinessMinutes: number | null;
  withinPromiseRate: number | null;
  sampleSize: number;
  windowDays: number;
  /** The instant the figures were computed at: `overdue` counts `new` requests promised before it. */
  asOf: string;
  /** The outbox: mails not sent yet (pending, or being sent) by kind, and how long sales mail has waited. */
  mailQueue: MailQueue;
}

export interface MailQueue {
  waiting: Record<NotificationKind, number>;
  /** When the oldest sales notification still waiting was queued; null when none waits. */
  oldestSalesWaitingSince: string | null;
  /** Its age at `asOf`, in seconds; null when none waits. */
  oldestSalesWaitingSeconds: number | null;
  /**
   * Models the routing has no address for (and no fallback), and how many sales mails of such requests
   * wait: they cannot be sent until someone fills the routing in.
   */
  unrouted: { models: RequestedModel[]; waitingSales: number };
  /**
   * The lead events for the CRM (LEAD_WEBHOOK_URL), like the mails: not delivered yet, given up (`failed`,
   * kept), and how long the oldest waiting one has waited. `configured` false: no URL, nothing is sent.
   */
  leadEvents: {
    configured: boolean;
    waiting: number;
    failed: number;
    oldestWaitingSince: string | null;
    oldestWaitingSeconds: number | null;
  };
}

const NOTIFICATION_KINDS = ['sales', 'reminder', 'alert', 'confirmation'] as const;
type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Not delivered yet: queued, in backoff after a failed attempt, or claimed by a dispatcher. */
const WAITING = ['pending', 'sending'];

/** A decided request of the window, as the driver returns it (SQLite: epoch ms; PostgreSQL: Date). */
interface WindowRow {
  created_at: string | number | Date;
  expected_response_by: string | number | Date;
  first_response_at: string | number | Date | null;
  first_response_business_minutes: number | null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const requests = () => strapi.db.query(QUOTE_REQUEST_UID);

  /**
   * One grouped count over the waiting rows (on the claim index's leading column), and the oldest waiting
   * sales notification read by id on the claim index (delivery_status, priority, id).
   */
  const mailQueue = async (now: Date): Promise<MailQueue> => {
    const rows: { kind: string; n: number | string }[] = await strapi.db
      .getConnection(QUOTE_NOTIFICATIONS_TABLE)
      .select('kind')
      .count<{ kind: string; n: number | string }[]>({ n: '*' })
      .whereIn('delivery_status', WAITING)
      .groupBy('kind');
    const waiting: Record<NotificationKind, number> = { sales: 0, reminder: 0, alert: 0, confirmation: 0 };
    for (const row of rows) {
      if ((NOTIFICATION_KINDS as readonly string[]).includes(row.kind))
        waiting[row.kind as NotificationKind] = Number(row.n);
    }
    const oldest =
      waiting.sales > 0
        ? ((await strapi.db.query(QUOTE_NOTIFICATION_UID).findOne({
            where: { deliveryStatus: { $in: WAITING }, priority: URGENT_PRIORITY, kind: 'sales' },
            select: ['createdAt'],
            orderBy: { id: 'asc' },
          })) as { createdAt: string | Date } | null)
        : null;
    const since = oldest ? new Date(oldest.createdAt) : null;
    const models = unroutedModels(await getService('quote-routing').getRouting());
    const unroutedWaiting =
      models.length > 0 && waiting.sales > 0
        ? await strapi.db
            .getConnection(QUOTE_NOTIFICATIONS_TABLE)
            .count<{ n: number | string }[]>({ n: '*' })
            .whereIn('delivery_status', WAITING)
            .andWhere('kind', 'sales')
            .whereIn(
              'quote_request_id',
              strapi.db.getConnection(QUOTE_REQUESTS_TABLE).select('id').whereIn('requested_model', models)
            )
        : [{ n: 0 }];
    const leads = leadEvents(strapi);
    const leadFigures = await leads.figures();
    const leadSince = leadFigures.oldestWaitingSince ? new Date(leadFigures.oldestWaitingSince) : null;
    return {
      leadEvents: {
        configured: leads.configured(),
        waiting: leadFigures.waiting,
        failed: leadFigures.failed,
        oldestWaitingSince: leadFigures.oldestWaitingSince,
        oldestWaitingSeconds: leadSince ? Math.max(0, Math.round((now.getTime() - leadSince.getTime()) / 1000)) : null,
      },
      unrouted: { models, waitingSales: Number(unroutedWaiting[0]?.n ?? 0) },
      waiting,
      oldestSalesWaitingSince: since ? since.toISOString() : null,
      oldestSalesWaitingSeconds: since ? Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000)) : null,
    };
  };
  /** The last public figures computed on this instance, and the computation running, if any. */
  let current: { value: PublicQuoteStats; at: number } | undefined;
  let refreshing: Promise<PublicQuoteStats> | undefined;

  /**
   * The non-spam requests received in the last `windowDays` days whose outcome is known, summarised in
   * business minutes. Read with the query builder, four columns, the decided filter in SQL: at 100,000
   * requests in the window Strapi's query engine spent most of the time turning rows into entities.
   */
  const responseStats = async (windowDays: number, now: Date): Promise<ResponseStats> => {
    const rows = (await strapi.db
      .getConnection(QUOTE_REQUESTS_TABLE)
      .select('created_at', 'expected_response_by', 'first_response_at', 'first_response_business_minutes')
      .where('created_at', '>=', new Date(now.getTime() - windowDays * DAY_MS))
      .whereNot('stage', 'spam')
      .whereNotNull('expected_response_by')
      .where((decided) => {
        // Builds the grouped condition (a query builder is thenable: nothing runs here).
        void decided.whereNotNull('first_response_at').orWhere('expected_response_by', '<', now);
      })) as WindowRow[];
    const { calendar } = await getService('sales-desk').getDesk();
    const samples = rows.map((row): ResponseSample => {
      const firstResponseAt = row.first_response_at === null ? null : new Date(row.first_response_at);
      return {
        expectedResponseBy: new Date(row.expected_response_by),
        firstResponseAt,
        // Requests answered before the measure existed have no stored value, and unanswered ones count
        // the business time elapsed so far: measured now, in the same calendar.
        businessMinutes:
          firstResponseAt && row.first_response_business_minutes !== null
            ? Number(row.first_response_business_minutes)
            : businessMinutesBetween(calendar, new Date(row.created_at), firstResponseAt ?? now),
      };
    });
    return summariseResponses(samples, now);
  };

  const computePublicStats = async (now: Date): Promise<PublicQuoteStats> => {
    const stats = await responseStats(PUBLIC_STATS_WINDOW_DAYS, now);
    const enough = stats.sampleSize >= MIN_PUBLIC_SAMPLE;
    return {
      medianFirstResponseMinutes: enough ? stats.medianMinutes : null,
      withinPromiseRate: enough ? stats.withinPromiseRate : null,
      sampleSize: stats.sampleSize,
      windowDays: PUBLIC_STATS_WINDOW_DAYS,
    };
  };

  return {
    /**
     * The public figures (90 days); the median and the rate stay null below 10 decided requests.
     * Computed at most once per QUOTE_STATS_TTL_MS on this instance, once for concurrent readers, and
     * in the background once expired (readers get the last figures meanwhile): ninety days of figures
     * do not move within a minute, and a public page must neither cost a table read per visitor nor
     * wait for one.
     */
    publicStats(): Promise<PublicQuoteStats> {
      const ttlMs = quoteSettings(strapi).stats.ttlMs;
      if (ttlMs === 0) return computePublicStats(new Date());
      const refresh = (): Promise<PublicQuoteStats> =>
        (refreshing ??= computePublicStats(new Date())
          .then((value) => {
            current = { value, at: Date.now() };
            return value;
          })
          .finally(() => {
            refreshing = undefined;
          }));
      if (!current) return refresh();
      if (Date.now() - current.at >= ttlMs) {
        refresh().catch((error: unknown) =>
          strapi.log.error(`[sla] quote stats not refreshed: ${error instanceof Error ? error.stack : String(error)}`)
        );
      }
      return Promise.resolve(current.value);
    },

    /** The sales dashboard: open requests by model, overdue ones, and the last 30 days' figures. */
    /**
     * Who may fill the routing in, by name: the active Sales managers, or the Super Admins when there is
     * none. Names only, never addresses (the widget shows them to Sales).
     */
    async routingEditorNames(): Promise<string[]> {
      const namesOf = async (code: string): Promise<string[]> => {
        const users = (await strapi.db.query('admin::user').findMany({
          where: { isActive: true, blocked: { $not: true }, roles: { code } },
          select: ['firstname', 'lastname', 'username'],
          orderBy: [{ lastname: 'asc' }, { firstname: 'asc' }],
        })) as { firstname?: string | null; lastname?: string | null; username?: string | null }[];
        return users
          .map((user) => [user.firstname, user.lastname].filter(Boolean).join(' ').trim() || (user.username ?? ''))
          .filter((name) => name !== '');
      };
      const managers = await namesOf(SALES_MANAGER_ROLE_CODE);
      return managers.length > 0 ? managers : namesOf('strapi-super-admin');
    },

    async dashboard(now = new Date()): Promise<SalesDashboard> {
      const live = { anonymizedAt: { $null: true } };
      const openCounts = await Promise.all(
        REQUESTED_MODELS.map((model) =>
          requests().count({ where: { ...live, stage: { $in: [...OPEN_STAGES] }, requestedModel: model } })
        )
      );
      const overdue = await requests().count({
        where: { ...live, stage: 'new', expectedResponseBy: { $lt: now } },
      });
      const stats = await responseStats(DASHBOARD_WINDOW_DAYS, now);
      const queue = await mailQueue(now);
      return {
        openByModel: Object.fromEntries(REQUESTED_MODELS.map((model, i) => [model, openCounts[i]])) as Record<
          RequestedModel,
          number
        >,
        overdue,
        medianFirstResponseBusinessMinutes: stats.medianMinutes,
        withinPromiseRate: stats.withinPromiseRate,
        sampleSize: stats.sampleSize,
        windowDays: DASHBOARD_WINDOW_DAYS,
        asOf: now.toISOString(),
        mailQueue: queue,
      };
    },
  };
};
