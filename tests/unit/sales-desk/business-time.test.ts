import {
  addBusinessMinutes,
  BusinessTimeError,
  canonicalTimeZone,
  businessMinutesBetween,
  instantAtLocalTime,
  parseBusinessHours,
  type BusinessCalendar,
} from '../../../src/api/sales-desk/domain/business-time';
import { publicHolidays } from '../../../src/api/sales-desk/domain/holidays';

const calendar = (hours = 'mon-fri 09:00-18:00', country = 'FR', timeZone = 'Europe/Paris'): BusinessCalendar => ({
  timeZone,
  hours: parseBusinessHours(hours),
  isHoliday: publicHolidays(country),
});

const PARIS = calendar();
const add = (cal: BusinessCalendar, isoStart: string, minutes: number): string =>
  addBusinessMinutes(cal, new Date(isoStart), minutes).toISOString();
const between = (cal: BusinessCalendar, from: string, to: string): number =>
  businessMinutesBetween(cal, new Date(from), new Date(to));

describe('the issue example', () => {
  it('Friday 17:30 Paris + 4 h is Monday 12:30 Paris', () => {
    // Friday 27 November 2026, 17:30 in Paris (UTC+1).
    expect(add(PARIS, '2026-11-27T16:30:00Z', 240)).toBe('2026-11-30T11:30:00.000Z');
    expect(between(PARIS, '2026-11-27T16:30:00Z', '2026-11-30T11:30:00Z')).toBe(240);
  });

  it('is Tuesday 12:30 when Monday is a public holiday (Easter Monday 2026), Monday without holidays', () => {
    // Friday 3 April 2026, 17:30 in Paris (UTC+2); Monday 6 April is Lundi de Pâques.
    expect(add(PARIS, '2026-04-03T15:30:00Z', 240)).toBe('2026-04-07T10:30:00.000Z');
    expect(add(calendar('mon-fri 09:00-18:00', ''), '2026-04-03T15:30:00Z', 240)).toBe('2026-04-06T10:30:00.000Z');
  });
});

describe('addBusinessMinutes', () => {
  it('counts from the next opening when received outside hours', () => {
    // Tuesday 07:00 and 20:00 in Paris.
    expect(add(PARIS, '2026-12-01T06:00:00Z', 60)).toBe('2026-12-01T09:00:00.000Z');
    expect(add(PARIS, '2026-12-01T19:00:00Z', 60)).toBe('2026-12-02T09:00:00.000Z');
  });

  it('skips the weekend', () => {
    // Saturday 10:00 → Monday 10:00.
    expect(add(PARIS, '2026-11-28T09:00:00Z', 60)).toBe('2026-11-30T09:00:00.000Z');
  });

  it('skips a public holiday in the middle of the week (11 November)', () => {
    // Tuesday 10 November 17:00 + 4 h: 1 h on Tuesday, Wednesday closed, 3 h on Thursday.
    expect(add(PARIS, '2026-11-10T16:00:00Z', 240)).toBe('2026-11-12T11:00:00.000Z');
  });

  it('spreads an SLA longer than one day over several days', () => {
    // Monday 09:00 + 20 h: 9 h Monday, 9 h Tuesday, 2 h Wednesday.
    expect(add(PARIS, '2026-11-30T08:00:00Z', 20 * 60)).toBe('2026-12-02T10:00:00.000Z');
    // 45 h = five full days: Monday 09:00 to Friday 18:00.
    expect(add(PARIS, '2026-11-30T08:00:00Z', 45 * 60)).toBe('2026-12-04T17:00:00.000Z');
  });

  it('keeps opening hours at local wall-clock time across the spring change (29 March 2026)', () => {
    // Friday 27 March 17:00 CET (UTC+1) + 2 h → Monday 30 March 10:00 CEST (UTC+2).
    expect(add(PARIS, '2026-03-27T16:00:00Z', 120)).toBe('2026-03-30T08:00:00.000Z');
  });

  it('keeps opening hours at local wall-clock time across the autumn change (25 October 2026)', () => {
    // Friday 23 October 17:00 CEST (UTC+2) + 2 h → Monday 26 October 10:00 CET (UTC+1).
    expect(add(PARIS, '2026-10-23T15:00:00Z', 120)).toBe('2026-10-26T09:00:00.000Z');
  });

  it('counts real minutes on the day of a change when always open (23 h and 25 h days)', () => {
    const always = calendar('mon-sun 00:00-24:00', '');
    expect(between(always, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z')).toBe(23 * 60);
    expect(between(always, '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z')).toBe(25 * 60);
    // Always open: business time is wall time, across the night and the change.
    expect(add(always, '2026-03-28T11:00:00Z', 24 * 60)).toBe('2026-03-29T11:00:00.000Z');
    expect(add(always, '2026-11-28T22:59:00Z', 90)).toBe('2026-11-29T00:29:00.000Z');
  });

  it('handles a change inside opening hours (New York, 8 March 2026, 01:00-05:00 open on Sundays)', () => {
    const ny = calendar('sun 01:00-05:00', '', 'America/New_York');
    // 01:00 EST is 06:00Z; 05:00 EDT is 09:00Z: that Sunday is open 3 real hours.
    expect(between(ny, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(180);
    expect(add(ny, '2026-03-08T06:00:00Z', 150)).toBe('2026-03-08T08:30:00.000Z');
  });

  it('follows split days and a shorter Friday', () => {
    const split = calendar('mon-thu 09:00-12:30,14:00-18:00; fri 09:00-16:00');
    // Monday 12:00 + 1 h: 30 min before lunch, 30 min after 14:00.
    expect(add(split, '2026-11-30T11:00:00Z', 60)).toBe('2026-11-30T13:30:00.000Z');
    // Friday 15:30 + 1 h: 30 min on Friday (closes at 16:00), then Monday 09:30.
    expect(add(split, '2026-11-27T14:30:00Z', 60)).toBe('2026-11-30T08:30:00.000Z');
    // During lunch: nothing counts.
    expect(between(split, '2026-11-30T11:30:00Z', '2026-11-30T13:00:00Z')).toBe(0);
    // A full Monday: 3 h 30 + 4 h.
    expect(between(split, '2026-11-29T23:00:00Z', '2026-11-30T23:00:00Z')).toBe(450);
  });

  it('reaches a closing time exactly, and adds nothing for 0', () => {
    expect(add(PARIS, '2026-11-27T13:00:00Z', 240)).toBe('2026-11-27T17:00:00.000Z');
    expect(add(PARIS, '2026-11-28T09:00:00Z', 0)).toBe('2026-11-28T09:00:00.000Z');
  });
});

describe('businessMinutesBetween', () => {
  it('counts only open minutes, and 0 backwards', () => {
    // Friday 17:00 to Monday 10:00: 1 h + 1 h.
    expect(between(PARIS, '2026-11-27T16:00:00Z', '2026-11-30T09:00:00Z')).toBe(120);
    expect(between(PARIS, '2026-11-30T09:00:00Z', '2026-11-27T16:00:00Z')).toBe(0);
    // A whole week with 11 November: 4 days × 9 h.
    expect(between(PARIS, '2026-11-08T23:00:00Z', '2026-11-15T23:00:00Z')).toBe(4 * 9 * 60);
  });

  it('is the inverse of addBusinessMinutes', () => {
    const split = calendar('mon-thu 09:00-12:30,14:00-18:00; fri 09:00-16:00');
    for (const start of ['2026-03-27T16:00:00Z', '2026-10-23T07:13:00Z', '2026-12-24T10:00:00Z']) {
      for (const minutes of [1, 59, 240, 3000]) {
        const end = addBusinessMinutes(split, new Date(start), minutes);
        expect(businessMinutesBetween(split, new Date(start), end)).toBe(minutes);
      }
    }
  });
});

describe('parseBusinessHours', () => {
  it('reads days, ranges and always-open', () => {
    const hours = parseBusinessHours('MON-thu 09:00-12:30, 14:00-18:00; fri 09:00-16:00');
    expect(hours[0]).toEqual([
      { start: 540, end: 750 },
      { start: 840, end: 1080 },
    ]);
    expect(hours[4]).toEqual([{ start: 540, end: 960 }]);
    expect(hours[5]).toEqual([]);
    expect(parseBusinessHours('mon-sun 00:00-24:00').every((day) => day[0].end === 1440)).toBe(true);
    expect(parseBusinessHours('mon,wed,fri 10:00-11:00')[2]).toEqual([{ start: 600, end: 660 }]);
  });

  it('reads the opening hours a French desk types: French day names, 9h, 9h30', () => {
    const french = parseBusinessHours('lun-ven 9h-12h30, 14h-18h');
    expect(french).toEqual(parseBusinessHours('mon-fri 09:00-12:30,14:00-18:00'));
    expect(french[0]).toEqual([
      { start: 540, end: 750 },
      { start: 840, end: 1080 },
    ]);
    expect(french[5]).toEqual([]);
    expect(parseBusinessHours('Lundi-Jeudi 8H45-17h; vendredi 9:00-16h')[4]).toEqual([{ start: 540, end: 960 }]);
    expect(parseBusinessHours('lundi-jeudi 8h45-17h')[3]).toEqual([{ start: 525, end: 1020 }]);
    expect(parseBusinessHours('sam,dim 0h-24h')[6]).toEqual([{ start: 0, end: 1440 }]);
    expect(parseBusinessHours('monday-friday 9h-18h')).toEqual(parseBusinessHours('lun-ven 09:00-18:00'));
  });

  it('names a repeated day in French for the admin form', () => {
    try {
      parseBusinessHours('lun 9h-12h; lun-mar 14h-15h');
      throw new Error('accepted a day named twice');
    } catch (error) {
      expect(error).toBeInstanceOf(BusinessTimeError);
      expect((error as BusinessTimeError).french).toBe('« lundi » est indiqué plusieurs fois');
    }
  });

  it.each([
    ['', /never be open/],
    ['   ;  ', /never be open/],
    ['mon-fri', /needs days and hours/],
    ['fri-mon 09:00-18:00', /from Monday towards Sunday/],
    ['mon-fry 09:00-18:00', /"fry".*is not a day/],
    ['mon 09:00-25:00', /not a time/],
    ['mon 24:30-24:45', /not a time|after 24:00/],
    ['mon 9h-18h70', /not a time/],
    ['mon 9-18', /not a time/],
    ['mon 9h30m-18h', /not a time/],
    ['lun-vendredy 9h-18h', /"vendredy".*is not a day/],
    ['mon 18:00-09:00', /ends before it starts/],
    ['sat-sun 09:00-09:00', /ends before it starts/],
    ['mon 09:00-12:00,11:00-13:00', /overlap/],
    ['mon 09:00-12:00; mon-tue 14:00-15:00', /mon is named more than once/],
  ])('refuses %j', (text, message) => {
    expect(() => parseBusinessHours(text)).toThrow(BusinessTimeError);
    expect(() => parseBusinessHours(text)).toThrow(message);
  });

  it('refuses to compute with an empty calendar', () => {
    const empty: BusinessCalendar = {
      timeZone: 'Europe/Paris',
      hours: [[], [], [], [], [], [], []],
      isHoliday: () => false,
    };
    expect(() => addBusinessMinutes(empty, new Date(), 60)).toThrow(/never be open/);
    expect(() => businessMinutesBetween(empty, new Date(0), new Date())).toThrow(/never be open/);
  });
});

describe('canonicalTimeZone', () => {
  it('spells a zone as the runtime does, and leaves an unknown one alone', () => {
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus')).toBe('Mars/Olympus');
  });
});

describe('instantAtLocalTime', () => {
  const day = (iso: string) =>
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
  it('maps a skipped wall time forward and a repeated one to its first occurrence', () => {
    expect(new Date(instantAtLocalTime(day('2026-03-29'), 150, 'Europe/Paris')).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z'
    );
    expect(new Date(instantAtLocalTime(day('2026-10-25'), 150, 'Europe/Paris')).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z'
    );
    expect(new Date(instantAtLocalTime(day('2026-07-01'), 540, 'Asia/Kolkata')).toISOString()).toBe(
      '2026-07-01T03:30:00.000Z'
    );
  });
});
