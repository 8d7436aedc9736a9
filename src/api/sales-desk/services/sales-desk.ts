import type { Core } from '@strapi/strapi';
import { cacheInvalidation } from '../../../cache/invalidation';
import { quoteSettings } from '../../quote-request/settings';
import { SALES_DESK_UID } from '../constants';
import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from '../domain/business-time';
import {
  assertKnownHolidayRegion,
  calendarOf,
  DEFAULT_SALES_DESK,
  validateSalesDeskSettings,
  type SalesDeskSettings,
} from '../domain/desk-settings';

/** Read on every submission and first response, edited rarely: kept briefly, dropped on any edit (any instance). */
const CACHE_TTL_MS = 5000;

interface StoredDesk {
  slaHours?: number | string | null;
  timeZone?: string | null;
  businessHours?: string | null;
  holidaysCountry?: string | null;
}

export interface SalesDesk {
  settings: SalesDeskSettings;
  calendar: BusinessCalendar;
}

/** What lists and the admin home page call the desk's settings. */
export const SALES_DESK_TITLE = 'Bureau commercial : promesse de réponse';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: { desk: SalesDesk; at: number } | undefined;
  // The last calendar built, by its settings: re-reading unchanged settings keeps it (and what it
  // memoised) instead of parsing the hours and loading the holidays again every 5 s.
  let built: { key: string; desk: SalesDesk } | undefined;
  cacheInvalidation(strapi).onInvalidate(() => {
    cached = undefined;
  });

  const seed = (): SalesDeskSettings => quoteSettings(strapi).salesDesk;

  const loadDesk = async (): Promise<SalesDesk> => {
    const row = (await strapi.db.query(SALES_DESK_UID).findOne({
      select: ['slaHours', 'timeZone', 'businessHours', 'holidaysCountry'],
    })) as StoredDesk | null;
    const stored: SalesDeskSettings = row
      ? {
          slaHours: Number(row.slaHours),
          timeZone: row.timeZone ?? '',
          businessHours: row.businessHours ?? '',
          holidaysCountry: row.holidaysCountry ?? '',
        }
      : seed();
    const key = JSON.stringify(stored);
    if (built?.key === key) return built.desk;
    const desk = checkedDesk(stored);
    built = { key, desk };
    return desk;
  };

  const checkedDesk = (settings: SalesDeskSettings): SalesDesk => {
    const problems = validateSalesDeskSettings(settings);
    if (problems.length > 0) {
      // Only a write that bypassed the admin's validation gets here: keep promising with the environment's
      // values rather than failing every submission, and say so loudly.
      strapi.log.error(
        `[sales-desk] stored settings cannot be used (${problems.map((p) => `${p.field} ${p.message}`).join('; ')}): ` +
          `using QUOTE_SLA_HOURS / QUOTE_BUSINESS_* / QUOTE_HOLIDAYS_COUNTRY until Sales desk is fixed in the admin`
      );
      const fallback = validateSalesDeskSettings(seed()).length === 0 ? seed() : { ...DEFAULT_SALES_DESK };
      return { settings: fallback, calendar: calendarOf(fallback) };
    }
    return { settings, calendar: calendarOf(settings) };
  };

  const service = {
    /** The admin-edited promise and its business calendar (another instance's edit shows within 5 s at worst). */
    async getDesk(): Promise<SalesDesk> {
      if (!cached || Date.now() - cached.at > CACHE_TTL_MS) {
        cached = { desk: await loadDesk(), at: Date.now() };
      }
      return cached.desk;
    },

    /** When the desk promised to answer a request received at `receivedAt`: the SLA in business time. */
    async expectedResponseBy(receivedAt: Date): Promise<Date> {
      const { settings, calendar } = await service.getDesk();
      return addBusinessMinutes(calendar, receivedAt, settings.slaHours * 60);
    },

    /** Business minutes between two instants in the desk's calendar. */
    async businessMinutesBetween(from: Date, to: Date): Promise<number> {
      return businessMinutesBetween((await service.getDesk()).calendar, from, to);
    },

    /**
     * First run only: fills the single type from QUOTE_SLA_HOURS, QUOTE_BUSINESS_TIMEZONE,
     * QUOTE_BUSINESS_HOURS and QUOTE_HOLIDAYS_COUNTRY (validated when the configuration loaded). Once
     * the document exists, Super Admins own it and environment changes are ignored.
     */
    async seedFromEnvironment(): Promise<void> {
      const existing = await strapi.documents(SALES_DESK_UID).findFirst({ fields: ['title'] });
      if (existing) {
        // A desk stored before it had a title gets one: lists and the admin home page show it.
        if (!existing.title) {
          await strapi
            .documents(SALES_DESK_UID)
            .update({ documentId: existing.documentId, data: { title: SALES_DESK_TITLE } });
        }
        return;
      }
      // The start checked how QUOTE_HOLIDAYS_COUNTRY is written; the region itself is checked here, where it is
      // used, so that restarts (which ignore it) need not load every country's holiday rules.
      assertKnownHolidayRegion(seed());
      await strapi.documents(SALES_DESK_UID).create({ data: { title: SALES_DESK_TITLE, ...seed() } });
      cached = undefined;
    },
  };
  return service;
};
