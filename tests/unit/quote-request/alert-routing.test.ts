import { alertRecipients, unroutedModels } from '../../../src/api/quote-request/domain/routing';

describe('unroutedModels', () => {
  it('names the models with no address of their own when there is no fallback', () => {
    expect(unroutedModels({ bpo: ['bpo@x.test'], ito: [' '], kpo: [], fallback: [] })).toEqual([
      'ito',
      'kpo',
      'undecided',
    ]);
    expect(unroutedModels({})).toEqual(['bpo', 'ito', 'kpo', 'undecided']);
  });

  it('names none when a fallback exists or every model has an address', () => {
    expect(unroutedModels({ fallback: ['sales@x.test'] })).toEqual([]);
    expect(
      unroutedModels({ bpo: ['a@x.test'], ito: ['b@x.test'], kpo: ['c@x.test'], undecided: ['d@x.test'] })
    ).toEqual([]);
  });
});

describe('alertRecipients', () => {
  it('uses QUOTE_ALERT_EMAIL when set, normalised', () => {
    expect(alertRecipients(' Ops@X.test, oncall@x.test ', { fallback: ['sales@x.test'] })).toEqual([
      'ops@x.test',
      'oncall@x.test',
    ]);
  });

  it("falls back to the routing's fallback addresses, or nobody", () => {
    expect(alertRecipients('', { fallback: ['Sales@x.test'], bpo: ['bpo@x.test'] })).toEqual(['sales@x.test']);
    expect(alertRecipients('', { bpo: ['bpo@x.test'] })).toEqual([]);
  });
});
