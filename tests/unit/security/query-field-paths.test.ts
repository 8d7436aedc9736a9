import { filterFieldPaths, sortFieldPaths, UnreadableQuery } from '../../../src/security/query-field-paths';

describe('sortFieldPaths: every spelling names its fields', () => {
  it.each<[string, unknown, string[][]]>([
    ['string', 'email:ASC', [['email']]],
    ['no direction', 'email', [['email']]],
    ['lower case direction', 'email:desc', [['email']]],
    ['several', 'reference:ASC, email:DESC', [['reference'], ['email']]],
    ['dotted', 'createdBy.firstname:asc', [['createdBy', 'firstname']]],
    ['array (sort[0]=)', ['email:ASC', 'stage'], [['email'], ['stage']]],
    ['object (sort[email]=asc)', { email: 'asc' }, [['email']]],
    ['array of objects (sort[0][email]=desc)', [{ email: 'desc' }], [['email']]],
    ['nested object', { createdBy: { firstname: 'asc' } }, [['createdBy', 'firstname']]],
  ])('%s', (_name, sort, paths) => {
    expect(sortFieldPaths(sort)).toEqual(paths);
  });

  it.each<[string, unknown]>([
    ['unknown direction', 'email:sideways'],
    ['two colons', 'email:asc:x'],
    ['empty field', ':asc'],
    ['empty segment', 'createdBy..firstname:asc'],
    ['object with a bad direction', { email: 'sideways' }],
    ['list under a field', { email: ['asc'] }],
    ['operator as field', { $where: 'asc' }],
    ['empty object', {}],
    ['number', 5],
    ['null', null],
    ['too deep', JSON.parse(`${'{"a":'.repeat(40)}"asc"${'}'.repeat(40)}`) as unknown],
  ])('refuses %s', (_name, sort) => {
    expect(() => sortFieldPaths(sort)).toThrow(UnreadableQuery);
  });
});

describe('filterFieldPaths: every field a filters tree names, each prefix included', () => {
  it('reads fields under $and, $or, $not, relations and components, never values', () => {
    expect(
      filterFieldPaths({
        $and: [{ stage: { $eq: 'new' } }, { email: { $startsWith: 'a' } }],
        $or: { 0: { fullName: { $containsi: 'x' } }, 1: { $not: { message: { $eq: 'y' } } } },
        categories: { name: { $in: ['email', 'phone'] } },
        reference: 'REF-1',
        quoteCta: { $or: [{ title: { $null: true } }] },
      })
    ).toEqual([
      ['stage'],
      ['email'],
      ['fullName'],
      ['message'],
      ['categories'],
      ['categories', 'name'],
      ['reference'],
      ['quoteCta'],
      ['quoteCta', 'title'],
    ]);
  });

  it.each<[string, unknown]>([
    ['a string', 'email'],
    ['a list at the top', ['email']],
    ['an operator without a field', { $eq: 'x' }],
    ['a logical operator on a value', { $or: 'email' }],
    ['an empty field name', { '': { $eq: 1 } }],
    ['too deep', JSON.parse(`${'{"$and":['.repeat(40)}{"stage":"new"}${']}'.repeat(40)}`) as unknown],
  ])('refuses %s', (_name, filters) => {
    expect(() => filterFieldPaths(filters)).toThrow(UnreadableQuery);
  });
});
