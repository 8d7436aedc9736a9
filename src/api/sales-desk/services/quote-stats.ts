import type { Core } from '@strapi/strapi';
import { QUOTE_REQUEST_UID, REQUESTED_MODELS, type RequestedModel } from '../../quote-request/constants';
import { getService } from '../../../utils/get-service';
import { DASHBOARD_WINDOW_DAYS, MIN_PUBLIC_SAMPLE, PUBLIC_STATS_WINDOW_DAYS } from '../constants';
import { businessMinutesBetween } from '../domain/business-time';
import { summariseResponses, type ResponseSample, type ResponseStats } from '../domain/response-stats';

const DAY_MS = 24 * 60 * 60 * 1000;
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
}

interface WindowRow {
  createdAt: string | Date;
  expectedResponseBy: string | Date | null;
  firstResponseAt: string | Date | null;
  firstResponseBusinessMinutes: number | null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const requests = () => strapi.db.query(QUOTE_REQUEST_UID);

  /** The non-spam requests received in the last `windowDays` days, summarised in business minutes. */
  const responseStats = async (windowDays: number, now: Date): Promise<ResponseStats> => {
    const rows = (await requests().findMany({
      where: {
        createdAt: { $gte: new Date(now.getTime() - windowDays * DAY_MS) },
        stage: { $ne: 'spam' },
        expectedResponseBy: { $notNull: true },
      },
      select: ['createdAt', 'expectedResponseBy', 'firstResponseAt', 'firstResponseBusinessMinutes'],
    })) as WindowRow[];
    const { calendar } = await getService('sales-desk').getDesk();
    const samples = rows.map((row): ResponseSample => {
      const receivedAt = new Date(row.createdAt);
      const firstResponseAt = row.firstResponseAt ? new Date(row.firstResponseAt) : null;
      return {
        expectedResponseBy: new Date(row.expectedResponseBy as string | Date),
        firstResponseAt,
        // Requests answered before the measure existed have no stored value: measured now, same calendar.
        businessMinutes:
          firstResponseAt && row.firstResponseBusinessMinutes !== null
            ? row.firstResponseBusinessMinutes
            : businessMinutesBetween(calendar, receivedAt, firstResponseAt ?? now),
      };
    });
    return summariseResponses(samples, now);
  };

  return {
    /** The public figures (90 days); the median and the rate stay null below 10 decided requests. */
    async publicStats(now = new Date()): Promise<PublicQuoteStats> {
      const stats = await responseStats(PUBLIC_STATS_WINDOW_DAYS, now);
      const enough = stats.sampleSize >= MIN_PUBLIC_SAMPLE;
      return {
        medianFirstResponseMinutes: enough ? stats.medianMinutes : null,
        withinPromiseRate: enough ? stats.withinPromiseRate : null,
        sampleSize: stats.sampleSize,
        windowDays: PUBLIC_STATS_WINDOW_DAYS,
      };
    },

    /** The sales dashboard: open requests by model, overdue ones, and the last 30 days' figures. */
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
      };
    },
  };
};
