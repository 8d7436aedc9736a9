import {
  assertKnownHolidayRegion,
  assertValidEnvironmentSettings,
  cityOfTimeZone,
  DEFAULT_SALES_DESK,
  formatDeskTime,
  validateSalesDeskSettings,
} from '../../../src/api/sales-desk/domain/desk-settings';

const RAW = { ...DEFAULT_SALES_DESK, slaHours: '4' };

describe('validateSalesDeskSettings', () => {
  it('accepts the defaults, an always-open desk and no holidays', () => {
    expect(validateSalesDeskSettings({ ...DEFAULT_SALES_DESK })).toEqual([]);
    expect(
      validateSalesDeskSettings({
        slaHours: '0.5',
        timeZone: 'America/New_York',
        businessHours: 'mon-sun 00:00-24:00',
        holidaysCountry: '',
      })
    ).toEqual([]);
    expect(validateSalesDeskSettings({ ...DEFAULT_SALES_DESK, holidaysCountry: 'DE-BY' })).toEqual([]);
  });

  it('names each bad field', () => {
    const problems = validateSalesDeskSettings({
      slaHours: 0,
      timeZone: 'Europe/Pariss',
      businessHours: 'mon-fri',
      holidaysCountry: 'XX',
    });
    expect(problems.map((p) => p.field)).toEqual(['slaHours', 'timeZone', 'businessHours', 'holidaysCountry']);
    expect(problems[2].message).toMatch(/needs days and hours/);
    expect(validateSalesDeskSettings({ ...DEFAULT_SALES_DESK, slaHours: Number.NaN })[0].field).toBe('slaHours');
    expect(validateSalesDeskSettings({ ...DEFAULT_SALES_DESK, slaHours: 1001 })[0].field).toBe('slaHours');
    expect(validateSalesDeskSettings({ ...DEFAULT_SALES_DESK, businessHours: '' })[0].field).toBe('businessHours');
    expect(validateSalesDeskSettings({ ...DEFAULT_SALES_DESK, holidaysCountry: 'fr' })[0].field).toBe(
      'holidaysCountry'
    );
    expect(validateSalesDeskSettings({ ...DEFAULT_SALES_DESK, timeZone: ' Europe/Paris' })[0].field).toBe('timeZone');
  });

  it('names the environment variable of a bad seed value', () => {
    expect(assertValidEnvironmentSettings({ ...RAW, slaHours: '1.5' })).toEqual({
      ...DEFAULT_SALES_DESK,
      slaHours: 1.5,
    });
    expect(() => assertValidEnvironmentSettings({ ...RAW, businessHours: 'sat-sun' })).toThrow(
      /^QUOTE_BUSINESS_HOURS="sat-sun" .*needs days and hours/
    );
    expect(() => assertValidEnvironmentSettings({ ...RAW, timeZone: 'Mars/Olympus' })).toThrow(
      /QUOTE_BUSINESS_TIMEZONE="Mars\/Olympus"/
    );
    expect(() => assertValidEnvironmentSettings({ ...RAW, slaHours: '-1' })).toThrow(/QUOTE_SLA_HOURS/);
    expect(() => assertValidEnvironmentSettings({ ...RAW, holidaysCountry: 'France' })).toThrow(
      /QUOTE_HOLIDAYS_COUNTRY="France"/
    );
    expect(() => assertValidEnvironmentSettings({ ...RAW, holidaysCountry: 'fr' })).toThrow(
      /QUOTE_HOLIDAYS_COUNTRY="fr"/
    );
  });

  it('checks a well-formed holiday region against date-holidays where the first run uses it', () => {
    // The start checks only the form (restarts ignore the variable, and the rules take ~80 ms to load).
    const unknown = assertValidEnvironmentSettings({ ...RAW, holidaysCountry: 'ZZ' });
    expect(unknown.holidaysCountry).toBe('ZZ');
    expect(() => assertKnownHolidayRegion(unknown)).toThrow(
      /^QUOTE_HOLIDAYS_COUNTRY="ZZ" must be a country code known/
    );
    expect(() =>
      assertKnownHolidayRegion(assertValidEnvironmentSettings({ ...RAW, holidaysCountry: 'FR-ZZZ' }))
    ).toThrow(/QUOTE_HOLIDAYS_COUNTRY="FR-ZZZ"/);
    expect(() =>
      assertKnownHolidayRegion(assertValidEnvironmentSettings({ ...RAW, holidaysCountry: 'DE-BY' }))
    ).not.toThrow();
    expect(() =>
      assertKnownHolidayRegion(assertValidEnvironmentSettings({ ...RAW, holidaysCountry: '' }))
    ).not.toThrow();
  });
});

describe('formatDeskTime', () => {
  const monday = new Date('2026-11-30T11:30:00Z');
  it('states the promise in the requester language and the desk time zone', () => {
    expect(formatDeskTime(monday, 'fr', 'Europe/Paris')).toBe('lundi 30 novembre à 12:30 (heure de Paris)');
    expect(formatDeskTime(monday, 'en', 'Europe/Paris')).toBe('Monday 30 November at 12:30 (Paris time)');
    expect(formatDeskTime(monday, 'en', 'America/New_York')).toBe('Monday 30 November at 06:30 (New York time)');
  });

  it('derives the city from the zone', () => {
    expect(cityOfTimeZone('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
    expect(cityOfTimeZone('UTC')).toBe('UTC');
  });
});
