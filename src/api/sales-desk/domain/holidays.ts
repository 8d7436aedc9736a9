import { createRequire } from 'module';
import type Holidays from 'date-holidays';

type HolidaysClass = typeof Holidays;

let holidaysClass: HolidaysClass | undefined;
/**
 * date-holidays carries every country's rules (800 kB of code, ~80 ms to load here): loaded when the
 * sales desk first needs a holiday or a region check (the first submission, an edit of the desk), not
 * at every start. Synchronous, since the business calendar's predicate is.
 */
const holidaysLibrary = (): HolidaysClass => {
  holidaysClass ??= (createRequire(__filename) as (id: 'date-holidays') => HolidaysClass)('date-holidays');
  return holidaysClass;
};

/** `FR`, `DE`, or a subdivision `DE-BY` (the country's own code list in date-holidays). */
const REGION = /^([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$/;

const known = new Map<string, boolean>();

/** Whether `region` is written as a country (`FR`) or a subdivision (`DE-BY`) code, or empty; says nothing of what date-holidays knows. */
export const isWellFormedHolidayRegion = (region: string): boolean => region === '' || REGION.test(region);

/** Whether date-holidays knows this country (and subdivision); empty is valid and means no holidays. */
export const isKnownHolidayRegion = (region: string): boolean => {
  if (region === '') return true;
  const match = REGION.exec(region);
  if (!match) return false;
  let answer = known.get(region);
  if (answer === undefined) {
    const registry = new (holidaysLibrary())();
    answer =
      Object.prototype.hasOwnProperty.call(registry.getCountries() ?? {}, match[1]) &&
      (!match[2] || Object.prototype.hasOwnProperty.call(registry.getStates(match[1]) ?? {}, match[2]));
    // Static data of the package: bounded by the regions it knows plus the well-formed codes refused.
    if (known.size < 1000) known.set(region, answer);
  }
  return answer;
};

/**
 * The public holidays of `region` (date-holidays' type `public`: the days offices close; observances,
 * bank and school holidays do not count), as a predicate on local `YYYY-MM-DD` dates. Years are loaded
 * on first use and kept. Empty region: never a holiday.
 */
export const publicHolidays = (region: string): ((localDate: string) => boolean) => {
  if (region === '') return () => false;
  const match = REGION.exec(region);
  if (!match || !isKnownHolidayRegion(region)) throw new Error(`unknown holiday country "${region}"`);
  const Library = holidaysLibrary();
  const source = match[2] ? new Library(match[1], match[2]) : new Library(match[1]);
  const years = new Map<number, Set<string>>();
  return (localDate) => {
    const year = Number(localDate.slice(0, 4));
    let dates = years.get(year);
    if (!dates) {
      const found = source.getHolidays(year) || [];
      dates = new Set(found.filter((holiday) => holiday.type === 'public').map((holiday) => holiday.date.slice(0, 10)));
      years.set(year, dates);
    }
    return dates.has(localDate);
  };
};
