import { errors } from '@strapi/utils';
import { SALES_DESK_UID } from '../../constants';
import { validateSalesDeskSettings, type SalesDeskField, type SalesDeskSettings } from '../../domain/desk-settings';

interface LifecycleEvent {
  params: { data?: Partial<Record<SalesDeskField, unknown>>; where?: Record<string, unknown> };
}

const FIELDS: SalesDeskField[] = ['slaHours', 'timeZone', 'businessHours', 'holidaysCountry'];

/**
 * Refuses settings the business clock cannot use, with one error per field (the admin shows each under
 * its input). On update, the fields not sent keep their stored value and are checked with the new ones.
 */
const refuseUnusable = (values: Record<SalesDeskField, unknown>): void => {
  const problems = validateSalesDeskSettings(values);
  if (problems.length === 0) return;
  throw new errors.ValidationError(
    problems.length === 1 ? `${problems[0].field} ${problems[0].message}` : `${problems.length} errors occurred`,
    {
      errors: problems.map(({ field, message }) => ({
        path: [field],
        message,
        name: 'ValidationError',
        value: values[field],
      })),
    }
  );
};

/** An empty holiday country is stored as '' (no holidays), whatever the admin sent for "nothing". */
const normalise = (data: Partial<Record<SalesDeskField, unknown>>): void => {
  if ('holidaysCountry' in data) {
    const country = data.holidaysCountry;
    data.holidaysCountry = typeof country === 'string' ? country.trim().toUpperCase() : (country ?? '');
  }
  for (const field of ['timeZone', 'businessHours'] as const) {
    const value = data[field];
    if (typeof value === 'string') data[field] = value.trim();
  }
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
