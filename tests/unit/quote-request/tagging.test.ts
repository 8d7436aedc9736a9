import { tagByRequestedModel } from '../../../src/api/quote-request/domain/tagging';

describe('tagByRequestedModel', () => {
  it('tags the requested model alone when nothing else is given', () => {
    expect(tagByRequestedModel({ requestedModel: 'bpo' })).toEqual(['model:bpo']);
  });

  it('adds scope and approach tags when given', () => {
    expect(tagByRequestedModel({ requestedModel: 'ito', scope: 'partial', approach: 'strategic' })).toEqual([
      'model:ito',
      'scope:partial',
      'approach:strategic',
    ]);
    expect(tagByRequestedModel({ requestedModel: 'undecided', approach: 'undecided' })).toEqual([
      'model:undecided',
      'approach:undecided',
    ]);
  });

  it('recomputes derived tags but keeps tags an editor added', () => {
    expect(
      tagByRequestedModel({ requestedModel: 'kpo', tags: ['model:bpo', 'scope:total', 'vip', 'vip', 42, 'salon-2026'] })
    ).toEqual(['model:kpo', 'vip', 'salon-2026']);
  });

  it('ignores null optional fields and a non-array tags value', () => {
    expect(tagByRequestedModel({ requestedModel: 'bpo', scope: null, approach: null, tags: 'oops' })).toEqual([
      'model:bpo',
    ]);
  });
});
