import { errors } from '@strapi/utils';
import { SALES_DESK_UID } from '../../constants';
import { canonicalTimeZone } from '../../domain/business-time';
import {
  validateSalesDeskSettings,
  type SalesDeskField,
  type SalesDeskSettings,
  type SettingProblem,
} from '../../domain/desk-settings';
import { adminDefaultLocale } from '../../../../bootstrap/admin-language';

interface LifecycleEvent {
  params: { data?: Partial<Record<SalesDeskField, unknown>>; where?: Record<string, unknown> };
}

const FIELDS: SalesDeskField[] = ['slaHours', 'timeZone', 'businessHours', 'holidaysCountry'];

/**
 * The language of the admin who saves: their interface language, else the admin's default. Messages go
 * under the form's fields as they are, so a French admin reads French ones.
 */
const adminLanguage = (): 'fr' | 'en' => {
  const state: unknown = strapi.requestContext.get()?.state;
  const user: unknown = state && typeof state === 'object' && 'user' in state ? state.user : undefined;
  const chosen: unknown =
    user && typeof user === 'object' && 'preferedLanguage' in user ? user.preferedLanguage : undefined;
  if (chosen === 'fr' || chosen === 'en') return chosen;
  return adminDefaultLocale(strapi);
};

/**
 * Refuses settings the business clock cannot use, with one error per field (the admin shows each under
 * its input). On update, the fields not sent keep their stored value and are checked with the new ones.
 */
const refuseUnusable = (values: Record<SalesDeskField, unknown>): void => {
  const problems = validateSalesDeskSettings(values);
  if (problems.length === 0) return;
  const french = adminLanguage() === 'fr';
  const messageOf = (problem: SettingProblem): string =>
    french ? problem.french : `${problem.field} ${problem.message}`;
  let summary = messageOf(problems[0]);
  if (problems.length > 1)
    summary = french ? `${problems.length} réglages ne sont pas valides` : `${problems.length} errors occurred`;
  throw new errors.ValidationError(summary, {
    errors: problems.map((problem) => ({
      path: [problem.field],
      message: messageOf(problem),
      name: 'ValidationError',
      value: values[problem.field],
    })),
  });
};

/**
 * Stored as the business clock reads them: an empty holiday country as '' (no holidays) whatever the
 * admin sent for "nothing", the country in capitals, the zone in its canonical spelling.
 */
const normalise = (data: Partial<Record<SalesDeskField, unknown>>): void => {
  if ('holidaysCountry' in data) {
    const country = data.holidaysCountry;
    data.holidaysCountry = typeof country === 'string' ? country.trim().toUpperCase() : (country ?? '');
  }
  if (typeof data.businessHours === 'string') data.businessHours = data.businessHours.trim();
  // Intl accepts any case; mails name the city from the zone as stored.
  if (typeof data.timeZone === 'string') data.timeZone = canonicalTimeZone(data.timeZone.trim());
};

export default {
  beforeCreate(event: LifecycleEvent) {
    const data = event.params.data ?? {};
    normalise(data);
    refuseUnusable({
      slaHours: data.slaHours,
      timeZone: data.timeZone,
      businessHours: data.businessHours,
      holidaysCountry: data.holidaysCountry ?? '',
    });
  },

  async beforeUpdate(event: LifecycleEvent) {
    const data = event.params.data;
    if (!data || !FIELDS.some((field) => field in data)) return;
    normalise(data);
    const stored = (await strapi.db.query(SALES_DESK_UID).findOne({
      where: event.params.where ?? {},
      select: FIELDS,
    })) as Partial<SalesDeskSettings> | null;
    const merged = Object.fromEntries(
      FIELDS.map((field) => [field, field in data ? data[field] : stored?.[field]])
    ) as Record<SalesDeskField, unknown>;
    merged.holidaysCountry ??= '';
    refuseUnusable(merged);
  },
};
