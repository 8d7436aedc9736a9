import { BusinessTimeError, isValidTimeZone, parseBusinessHours, type BusinessCalendar } from './business-time';
import { isKnownHolidayRegion, isWellFormedHolidayRegion, publicHolidays } from './holidays';

/** The sales desk's promise: what the `sales-desk` single type holds (seeded from QUOTE_* once). */
export interface SalesDeskSettings {
  /** Promised response time, in business hours. */
  slaHours: number;
  /** IANA time zone of the desk's opening hours. */
  timeZone: string;
  /** Opening hours, e.g. `mon-fri 09:00-18:00` (see parseBusinessHours). */
  businessHours: string;
  /** Country (or `CC-SUB` subdivision) whose public holidays close the desk; empty: none. */
  holidaysCountry: string;
}

export type SalesDeskField = keyof SalesDeskSettings;

/** The environment variable that seeds each field (named in start-up errors). */
export const SALES_DESK_ENV: Record<SalesDeskField, string> = {
  slaHours: 'QUOTE_SLA_HOURS',
  timeZone: 'QUOTE_BUSINESS_TIMEZONE',
  businessHours: 'QUOTE_BUSINESS_HOURS',
  holidaysCountry: 'QUOTE_HOLIDAYS_COUNTRY',
};

export const DEFAULT_SALES_DESK: Readonly<SalesDeskSettings> = {
  slaHours: 4,
  timeZone: 'Europe/Paris',
  businessHours: 'mon-fri 09:00-18:00',
  holidaysCountry: 'FR',
};

/** A promise longer than a working quarter is a typo. */
export const MAX_SLA_HOURS = 1000;

export interface SettingProblem {
  field: SalesDeskField;
  /** In English, after the field's name or variable (start-up errors, logs, API clients). */
  message: string;
  /** The same in French, a sentence of its own (shown under the field in the French admin). */
  french: string;
}

const UNKNOWN_REGION =
  'must be a country code known to date-holidays (FR, DE, GB…, or a subdivision such as DE-BY), or empty';
const UNKNOWN_REGION_FRENCH =
  'Indiquez un code de pays connu pour ses jours fériés (FR, DE, GB…, ou une subdivision comme DE-BY), ou laissez vide.';

/**
 * What is wrong with each field (empty when the settings can be used). `holidayRegion: 'wellFormed'`
 * checks only how the holiday region is written, without loading the holiday rules (the start's check
 * of the environment; the first run checks the region itself before seeding with it).
 */
export const validateSalesDeskSettings = (
  settings: Record<SalesDeskField, unknown>,
  { holidayRegion = 'known' }: { holidayRegion?: 'known' | 'wellFormed' } = {}
): SettingProblem[] => {
  const problems: SettingProblem[] = [];
  const sla = settings.slaHours;
  const slaNumber = typeof sla === 'string' && sla.trim() !== '' ? Number(sla) : sla;
  if (typeof slaNumber !== 'number' || !Number.isFinite(slaNumber) || slaNumber <= 0 || slaNumber > MAX_SLA_HOURS) {
    problems.push({
      field: 'slaHours',
      message: `must be a number of hours above 0 and at most ${MAX_SLA_HOURS}`,
      french: `Indiquez un nombre d’heures supérieur à 0 et d’au plus ${MAX_SLA_HOURS}.`,
    });
  }
  const zone = settings.timeZone;
  if (typeof zone !== 'string' || !isValidTimeZone(zone)) {
    problems.push({
      field: 'timeZone',
      message: 'must be an IANA time zone such as Europe/Paris',
      french: 'Indiquez un fuseau horaire IANA, par exemple Europe/Paris.',
    });
  }
  const hours = settings.businessHours;
  if (typeof hours !== 'string' || hours.trim() === '') {
    problems.push({
      field: 'businessHours',
      message: 'must list opening hours, e.g. "mon-fri 09:00-18:00"',
      french: 'Indiquez les horaires d’ouverture, par exemple « lun-ven 9h-18h ».',
    });
  } else {
    try {
      parseBusinessHours(hours);
    } catch (error) {
      if (!(error instanceof BusinessTimeError)) throw error;
      problems.push({
        field: 'businessHours',
        message: error.message,
        french: `Horaires non valides : ${error.french}.`,
      });
    }
  }
  const country = settings.holidaysCountry ?? '';
  if (
    typeof country !== 'string' ||
    !isWellFormedHolidayRegion(country) ||
    (holidayRegion === 'known' && !isKnownHolidayRegion(country))
  ) {
    problems.push({ field: 'holidaysCountry', message: UNKNOWN_REGION, french: UNKNOWN_REGION_FRENCH });
  }
  return problems;
};

/**
 * The seed values of the environment, as typed (`raw`), checked: throws, naming each variable and
 * quoting its value, when one cannot be used. The holiday region is checked as written (`FR`, `DE-BY`);
 * whether date-holidays knows it is checked when it is used: the first run, which seeds the desk with it
 * (`assertKnownHolidayRegion`), and the fallback to the environment's values.
 */
export const assertValidEnvironmentSettings = (raw: Record<SalesDeskField, string>): SalesDeskSettings => {
  const settings: SalesDeskSettings = {
    // Number(), not parseFloat(): "4h" is refused rather than read as 4.
    slaHours: raw.slaHours.trim() === '' ? Number.NaN : Number(raw.slaHours),
    timeZone: raw.timeZone,
    businessHours: raw.businessHours,
    holidaysCountry: raw.holidaysCountry,
  };
  const problems = validateSalesDeskSettings(settings, { holidayRegion: 'wellFormed' });
  if (problems.length > 0) {
    throw new Error(
      problems
        .map(({ field, message }) => `${SALES_DESK_ENV[field]}=${JSON.stringify(raw[field])} ${message}`)
        .join('; ')
    );
  }
  return settings;
};

/** Throws, naming QUOTE_HOLIDAYS_COUNTRY, when date-holidays does not know the environment's region. */
export const assertKnownHolidayRegion = (settings: SalesDeskSettings): void => {
  if (!isKnownHolidayRegion(settings.holidaysCountry)) {
    throw new Error(`${SALES_DESK_ENV.holidaysCountry}=${JSON.stringify(settings.holidaysCountry)} ${UNKNOWN_REGION}`);
  }
};

/** The calendar the settings describe (validated beforehand: throws on bad values). */
export const calendarOf = (settings: SalesDeskSettings): BusinessCalendar => ({
  timeZone: settings.timeZone,
  hours: parseBusinessHours(settings.businessHours),
  isHoliday: publicHolidays(settings.holidaysCountry),
});

/** `Europe/Paris` → `Paris`, `America/New_York` → `New York`, `UTC` → `UTC`. */
export const cityOfTimeZone = (timeZone: string): string => (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');

/** Building a formatter costs more than formatting with it (ICU loads the locale's patterns): one per locale and zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterOf = (locale: string, timeZone: string): Intl.DateTimeFormat => {
  const key = `${locale}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    // Bounded by the zones an admin saves (two languages each); a valid zone list is finite anyway.
    if (formatters.size < 1000) formatters.set(key, formatter);
  }
  return formatter;
};

const partsOf = (date: Date, locale: string, timeZone: string): Record<string, string> =>
  Object.fromEntries(
    formatterOf(locale, timeZone)
      .formatToParts(date)
      .filter((part) => part.type !== 'literal')
      .map((part) => [part.type, part.value])
  );

/**
 * The promise as the requester reads it, in the desk's time zone: "lundi 30 novembre à 12:30 (heure de
 * Paris)" / "Monday 30 November at 12:30 (Paris time)".
 */
export const formatDeskTime = (date: Date, language: 'fr' | 'en', timeZone: string): string => {
  const city = cityOfTimeZone(timeZone);
  if (language === 'fr') {
    const p = partsOf(date, 'fr-FR', timeZone);
    return `${p.weekday} ${p.day} ${p.month} à ${p.hour}:${p.minute} (heure de ${city})`;
  }
  const p = partsOf(date, 'en-GB', timeZone);
  return `${p.weekday} ${p.day} ${p.month} at ${p.hour}:${p.minute} (${city} time)`;
};
