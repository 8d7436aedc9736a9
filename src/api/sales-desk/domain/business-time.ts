/**
 * Business time of the sales desk: opening hours per weekday at local wall-clock times in an IANA time
 * zone, minus public holidays. Pure: the holidays come in as a predicate on local dates (see ./holidays).
 *
 * A business minute is a real minute during which the desk is open. On the day clocks change, opening
 * hours stay at their wall-clock times (09:00-18:00 is still 09:00-18:00), so an always-open day
 * (`00:00-24:00`) lasts 23 or 25 real hours.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const FRENCH_WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;

/** Minutes from local midnight; `end` is at most 1440 (24:00) and after `start`. */
export interface OpeningRange {
  start: number;
  end: number;
}

/** Index 0 is Monday, 6 is Sunday; each day's ranges sorted and disjoint. */
export type WeeklyHours = OpeningRange[][];

export interface BusinessCalendar {
  timeZone: string;
  hours: WeeklyHours;
  /** `YYYY-MM-DD` (a local date in the desk's time zone) is a public holiday: closed all day. */
  isHoliday: (localDate: string) => boolean;
}

/**
 * A setting that cannot be used; the message says what is wrong in words an operator understands (in
 * English, for start-up errors and logs), `french` the same for the French admin's form.
 */
export class BusinessTimeError extends Error {
  readonly french: string;

  constructor(message: string, french: string) {
    super(message);
    this.name = 'BusinessTimeError';
    this.french = french;
  }
}

const NEVER_OPEN = 'the desk would never be open: name at least one day with opening hours';
const NEVER_OPEN_FR = 'le bureau ne serait jamais ouvert : indiquez au moins un jour avec des horaires';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
/** No real calendar keeps a desk closed for three years: past that, give up instead of looping. */
const MAX_DAYS_SCANNED = 3 * 366;

/** `09:00`, `9:00`, `9h`, `9h30` (French usage), `24:00`, `24h`. */
const TIME = /^([01]?\d|2[0-4])(?::([0-5]\d)|h([0-5]\d)?)$/;

const parseTime = (text: string, clause: string): number => {
  const match = TIME.exec(text);
  if (!match)
    throw new BusinessTimeError(
      `"${text}" in "${clause}" is not a time (09:00 or 9h, 9h30; 00:00 to 24:00)`,
      `« ${text} » dans « ${clause} » n’est pas une heure (9h, 9h30 ou 09:00 ; de 0h à 24h)`
    );
  const minutes = Number(match[1]) * 60 + Number(match[2] ?? match[3] ?? 0);
  if (minutes > DAY_MINUTES)
    throw new BusinessTimeError(
      `"${text}" in "${clause}" is after 24:00`,
      `« ${text} » dans « ${clause} » est après 24:00`
    );
  return minutes;
};

/** Day names an operator may type, English or French, abbreviated or whole, mapped to WEEKDAYS' index. */
const DAY_NAMES: ReadonlyMap<string, number> = new Map(
  [
    ['mon', 'monday', 'lun', 'lundi'],
    ['tue', 'tuesday', 'mar', 'mardi'],
    ['wed', 'wednesday', 'mer', 'mercredi'],
    ['thu', 'thursday', 'jeu', 'jeudi'],
    ['fri', 'friday', 'ven', 'vendredi'],
    ['sat', 'saturday', 'sam', 'samedi'],
    ['sun', 'sunday', 'dim', 'dimanche'],
  ].flatMap((names, index) => names.map((name): [string, number] => [name, index]))
);

const weekdayIndex = (name: string, clause: string): number => {
  const index = DAY_NAMES.get(name);
  if (index === undefined) {
    throw new BusinessTimeError(
      `"${name}" in "${clause}" is not a day (mon … sun, monday … sunday, lun … dim, lundi … dimanche)`,
      `« ${name} » dans « ${clause} » n’est pas un jour (lun … dim, lundi … dimanche, ou mon … sun)`
    );
  }
  return index;
};

/** `mon-fri`, `sat`, `mon,wed,fri`, `mon-wed,fri`: the weekday indexes named. */
const parseDays = (text: string, clause: string): number[] => {
  const days: number[] = [];
  for (const part of text.split(',')) {
    const [first, last, ...rest] = part.split('-');
    if (rest.length > 0 || !first)
      throw new BusinessTimeError(
        `"${part}" in "${clause}" is not a day range`,
        `« ${part} » dans « ${clause} » n’est pas une plage de jours (lun-ven)`
      );
    const from = weekdayIndex(first, clause);
    const to = last === undefined ? from : weekdayIndex(last, clause);
    if (to < from) {
      throw new BusinessTimeError(
        `"${part}" in "${clause}": a day range goes from Monday towards Sunday`,
        `« ${part} » dans « ${clause} » : une plage de jours va du lundi vers le dimanche`
      );
    }
    for (let day = from; day <= to; day += 1) days.push(day);
  }
  return days;
};

/**
 * Parses opening hours: clauses separated by `;`, each a set of days and one or more time ranges,
 * e.g. `mon-thu 09:00-12:30,14:00-18:00; fri 09:00-16:00` or, as a French desk writes it,
 * `lun-jeu 9h-12h30, 14h-18h; ven 9h-16h` (day names in English or French, abbreviated or whole; times
 * `09:00`, `9h`, `9h30`). `mon-sun 00:00-24:00` is always open. Days not named are closed. Throws a BusinessTimeError for bad syntax, overlapping ranges, a day named
 * twice, or a week without a single open minute.
 */
export const parseBusinessHours = (text: string): WeeklyHours => {
  const hours: WeeklyHours = WEEKDAYS.map(() => []);
  const named = new Set<number>();
  const clauses = text
    .toLowerCase()
    .split(';')
    .map((clause) => clause.trim())
    .filter((clause) => clause.length > 0);
  for (const clause of clauses) {
    const match = /^(\S+)\s+(.+)$/.exec(clause);
    if (!match)
      throw new BusinessTimeError(
        `"${clause}" needs days and hours, e.g. "mon-fri 09:00-18:00"`,
        `« ${clause} » : indiquez des jours et des heures, par exemple « lun-ven 9h-18h »`
      );
    const days = parseDays(match[1], clause);
    const ranges = match[2]
      .split(',')
      .map((range) => range.trim())
      .map((range): OpeningRange => {
        const times = range.split('-').map((time) => time.trim());
        if (times.length !== 2)
          throw new BusinessTimeError(
            `"${range}" in "${clause}" is not a time range (09:00-18:00)`,
            `« ${range} » dans « ${clause} » n’est pas une plage horaire (9h-18h)`
          );
        const start = parseTime(times[0], clause);
        const end = parseTime(times[1], clause);
        if (end <= start)
          throw new BusinessTimeError(
            `"${range}" in "${clause}" ends before it starts`,
            `« ${range} » dans « ${clause} » finit avant de commencer`
          );
        return { start, end };
      })
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < ranges.length; i += 1) {
      if (ranges[i].start < ranges[i - 1].end)
        throw new BusinessTimeError(
          `time ranges overlap in "${clause}"`,
          `des plages horaires se chevauchent dans « ${clause} »`
        );
    }
    for (const day of days) {
      if (named.has(day))
        throw new BusinessTimeError(
          `${WEEKDAYS[day]} is named more than once`,
          `« ${FRENCH_WEEKDAYS[day]} » est indiqué plusieurs fois`
        );
      named.add(day);
      hours[day] = ranges.map((range) => ({ ...range }));
    }
  }
  if (hours.every((ranges) => ranges.length === 0)) {
    throw new BusinessTimeError(NEVER_OPEN, NEVER_OPEN_FR);
  }
  return hours;
};

/** Whether `timeZone` is an IANA zone this runtime knows (`Europe/Paris`, `UTC`). */
export const isValidTimeZone = (timeZone: string): boolean => {
  if (!timeZone || timeZone.trim() !== timeZone) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
};

/** The zone as the runtime spells it (`europe/paris` → `Europe/Paris`), or the input when unknown. */
export const canonicalTimeZone = (timeZone: string): string =>
  isValidTimeZone(timeZone) ? new Intl.DateTimeFormat('en-GB', { timeZone }).resolvedOptions().timeZone : timeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();
const wallClockFormatter = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const wallClockOf = (instant: number, timeZone: string): WallClock => {
  const parts: Record<string, number> = {};
  for (const part of wallClockFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour === 24 ? 0 : parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
};

/** The zone's offset from UTC at `instant`, in ms (Paris in winter: +3 600 000). */
const offsetAt = (instant: number, timeZone: string): number => {
  const wall = wallClockOf(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
};

/** A local calendar date, as days since 1970-01-01 (day arithmetic without time zones). */
type LocalDay = number;

const localDayOf = (instant: number, timeZone: string): LocalDay => {
  const wall = wallClockOf(instant, timeZone);
  return Math.round(Date.UTC(wall.year, wall.month - 1, wall.day) / (DAY_MINUTES * MINUTE_MS));
};

const isoDate = (day: LocalDay): string => new Date(day * DAY_MINUTES * MINUTE_MS).toISOString().slice(0, 10);

/** 0 = Monday … 6 = Sunday. */
const weekdayOf = (day: LocalDay): number => (new Date(day * DAY_MINUTES * MINUTE_MS).getUTCDay() + 6) % 7;

/**
 * The instant at which the desk's clocks show `minutes` past midnight of `day`. A wall-clock time that
 * does not exist (skipped when clocks go forward) is read with the offset before the change, i.e. it
 * lands as far after the change as it was after the skipped hour's start (02:30 becomes 03:30, as
 * Temporal's "compatible" disambiguation does); one that occurs twice (clocks go back) is its first
 * occurrence.
 */
export const instantAtLocalTime = (day: LocalDay, minutes: number, timeZone: string): number => {
  const wallAsUtc = day * DAY_MINUTES * MINUTE_MS + minutes * MINUTE_MS;
  // The offset may differ between the guess and the answer: try the offsets around the wall time.
  const before = offsetAt(wallAsUtc - DAY_MINUTES * MINUTE_MS, timeZone);
  const after = offsetAt(wallAsUtc + DAY_MINUTES * MINUTE_MS, timeZone);
  const candidates = [wallAsUtc - Math.max(before, after), wallAsUtc - Math.min(before, after)];
  for (const candidate of candidates) {
    if (candidate + offsetAt(candidate, timeZone) === wallAsUtc) return candidate;
  }
  return wallAsUtc - before;
};

/** Per calendar, the intervals of the days seen lately (statistics cover the same few weeks over and over). */
const intervalMemo = new WeakMap<BusinessCalendar, Map<LocalDay, [number, number][]>>();
const MEMO_DAYS = 2000;

/** The desk's open intervals on one local day, as instants (empty on a holiday or a closed day). */
const openIntervals = (calendar: BusinessCalendar, day: LocalDay): [number, number][] => {
  let memo = intervalMemo.get(calendar);
  if (!memo) {
    memo = new Map();
    intervalMemo.set(calendar, memo);
  }
  const known = memo.get(day);
  if (known) return known;
  const intervals = calendar.isHoliday(isoDate(day))
    ? []
    : calendar.hours[weekdayOf(day)].map(({ start, end }): [number, number] => [
        instantAtLocalTime(day, start, calendar.timeZone),
        end === DAY_MINUTES
          ? instantAtLocalTime(day + 1, 0, calendar.timeZone)
          : instantAtLocalTime(day, end, calendar.timeZone),
      ]);
  if (memo.size >= MEMO_DAYS) memo.clear();
  memo.set(day, intervals);
  return intervals;
};

/** Refuses a calendar that is never open (checked when it is built from settings). */
export const assertOpenCalendar = (hours: WeeklyHours): void => {
  if (hours.length !== 7 || hours.every((ranges) => ranges.length === 0)) {
    throw new BusinessTimeError(NEVER_OPEN, NEVER_OPEN_FR);
  }
};

/**
 * `start` plus `minutes` of business time: the instant when that much open time has elapsed. From
 * outside opening hours the count starts at the next opening. Adding 0 (or less) returns `start`.
 */
export const addBusinessMinutes = (calendar: BusinessCalendar, start: Date, minutes: number): Date => {
  assertOpenCalendar(calendar.hours);
  let remaining = Math.round(Math.max(0, minutes) * MINUTE_MS);
  const from = start.getTime();
  if (remaining === 0) return new Date(from);
  const firstDay = localDayOf(from, calendar.timeZone);
  for (let day = firstDay; day < firstDay + MAX_DAYS_SCANNED; day += 1) {
    for (const [open, close] of openIntervals(calendar, day)) {
      const begin = Math.max(open, from);
      if (begin >= close) continue;
      if (remaining <= close - begin) return new Date(begin + remaining);
      remaining -= close - begin;
    }
  }
  throw new BusinessTimeError(
    `the desk is closed for more than ${MAX_DAYS_SCANNED} days after ${start.toISOString()}`,
    `le bureau est fermé plus de ${MAX_DAYS_SCANNED} jours après le ${start.toISOString()}`
  );
};

/** Business milliseconds between two instants (0 when `to` is not after `from`). */
export const businessMillisecondsBetween = (calendar: BusinessCalendar, from: Date, to: Date): number => {
  assertOpenCalendar(calendar.hours);
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return 0;
  let total = 0;
  const lastDay = localDayOf(end, calendar.timeZone);
  for (let day = localDayOf(start, calendar.timeZone); day <= lastDay; day += 1) {
    for (const [open, close] of openIntervals(calendar, day)) {
      const overlap = Math.min(close, end) - Math.max(open, start);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
};

/** Whole business minutes between two instants, rounded to the nearest minute. */
export const businessMinutesBetween = (calendar: BusinessCalendar, from: Date, to: Date): number =>
  Math.round(businessMillisecondsBetween(calendar, from, to) / MINUTE_MS);
