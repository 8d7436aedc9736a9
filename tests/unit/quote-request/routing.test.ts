import { parseAddressList, resolveRecipients } from '../../../src/api/quote-request/domain/routing';

const routing = {
  bpo: ['BPO@Example.test', ' bpo2@example.test '],
  ito: ['ito@example.test'],
  kpo: [],
  undecided: [],
  fallback: ['sales@example.test'],
  cc: ['boss@example.test', 'ito@example.test'],
};

describe('resolveRecipients', () => {
  it('routes a model to its own addresses, normalised, with the cc list', () => {
    expect(resolveRecipients(routing, 'bpo')).toEqual({
      to: ['bpo@example.test', 'bpo2@example.test'],
      cc: ['boss@example.test', 'ito@example.test'],
    });
  });

  it('never copies an address already in "to"', () => {
    expect(resolveRecipients(routing, 'ito')).toEqual({ to: ['ito@example.test'], cc: ['boss@example.test'] });
  });

  it('falls back when the model has no address, and for undecided', () => {
    expect(resolveRecipients(routing, 'kpo').to).toEqual(['sales@example.test']);
    expect(resolveRecipients(routing, 'undecided').to).toEqual(['sales@example.test']);
  });

  it('returns no recipient when nothing is configured', () => {
    expect(resolveRecipients({}, 'bpo')).toEqual({ to: [], cc: [] });
  });

  it('deduplicates addresses', () => {
    expect(resolveRecipients({ bpo: ['a@x.test', 'A@x.test', 'a@x.test'] }, 'bpo').to).toEqual(['a@x.test']);
  });
});

describe('parseAddressList', () => {
  it('splits QUOTE_ROUTING_* values on commas, semicolons and spaces', () => {
    expect(parseAddressList('a@x.test, b@x.test;c@x.test  d@x.test,')).toEqual([
      'a@x.test',
      'b@x.test',
      'c@x.test',
      'd@x.test',
    ]);
    expect(parseAddressList(undefined)).toEqual([]);
    expect(parseAddressList('')).toEqual([]);
  });
});
