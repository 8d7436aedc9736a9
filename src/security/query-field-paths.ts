/**
 * The field paths a `sort` or `filters` parameter names, in every spelling Strapi's query parser and
 * the Content Manager accept, so a role's field permissions can be checked on each of them
 * (src/security/admin-field-reads.ts). Pure functions: no Strapi.
 *
 * A shape these functions cannot read (a number where a field name is expected, a direction that is
 * neither ASC nor DESC, a tree deeper than MAX_QUERY_DEPTH) is an `UnreadableQuery`: the caller refuses
 * the request rather than passing something it did not check.
 */

/** Deeper than this, a sort or filters tree is refused, never passed unread (as the public guard does). */
export const MAX_QUERY_DEPTH = 32;

export class UnreadableQuery extends Error {
  constructor(
    readonly parameter: 'sort' | 'filters' | '_q',
    message: string
  ) {
    super(message);
    this.name = 'UnreadableQuery';
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const DIRECTION = /^(asc|desc)$/i;

/** `email:ASC`, `email`, `createdBy.firstname:desc`, several separated by commas. */
const pathsOfSortString = (text: string): string[][] =>
  text.split(',').map((entry) => {
    const [field, direction, ...rest] = entry.trim().split(':');
    if (!field || rest.length > 0 || (direction !== undefined && !DIRECTION.test(direction.trim()))) {
      throw new UnreadableQuery('sort', `Invalid sort "${entry.trim()}": expected field:ASC or field:DESC`);
    }
    const path = field.trim().split('.');
    if (path.some((segment) => segment === '')) throw new UnreadableQuery('sort', `Invalid sort field "${field}"`);
    return path;
  });

/**
 * Every field path of a sort: `email:ASC`, `email`, `a:asc,b:desc`, `sort[0]=email:ASC`,
 * `sort[email]=asc`, `sort[0][email]=desc`, `sort[createdBy][firstname]=asc` (as qs parses them).
 */
export const sortFieldPaths = (sort: unknown): string[][] => {
  const walk = (node: unknown, prefix: string[], depth: number): string[][] => {
    if (depth > MAX_QUERY_DEPTH) throw new UnreadableQuery('sort', 'sort is nested too deeply');
    if (typeof node === 'string') {
      if (prefix.length === 0) return pathsOfSortString(node);
      if (!DIRECTION.test(node.trim())) {
        throw new UnreadableQuery('sort', `Invalid sort direction "${node}" for ${prefix.join('.')}`);
      }
      return [prefix];
    }
    if (Array.isArray(node)) {
      if (prefix.length > 0) throw new UnreadableQuery('sort', `Invalid sort for ${prefix.join('.')}`);
      return node.flatMap((item) => walk(item, prefix, depth + 1));
    }
    if (isPlainObject(node)) {
      const keys = Object.keys(node);
      if (keys.length === 0) throw new UnreadableQuery('sort', 'Invalid sort: empty object');
      return keys.flatMap((key) => {
        if (key === '' || key.startsWith('$')) throw new UnreadableQuery('sort', `Invalid sort field "${key}"`);
        return walk(node[key], [...prefix, ...key.split('.')], depth + 1);
      });
    }
    throw new UnreadableQuery('sort', 'Invalid sort: expected field:ASC, a list or an object');
  };
  return walk(sort, [], 0);
};

/** Strapi's logical operators: their value is one or more filter trees at the same level. */
const LOGICAL = new Set(['$and', '$or', '$not']);

/**
 * Every field path a filters tree names, each prefix included (`filters[categories][name][$eq]` names
 * `categories` and `categories.name`): under `$and`, `$or`, `$not` (arrays, or objects with index keys
 * as qs writes them), any operator's value being data, never a field.
 */
export const filterFieldPaths = (filters: unknown): string[][] => {
  const paths: string[][] = [];
  const walk = (node: unknown, prefix: string[], depth: number): void => {
    if (depth > MAX_QUERY_DEPTH) throw new UnreadableQuery('filters', 'filters are nested too deeply');
    if (Array.isArray(node)) {
      if (prefix.length > 0) return; // `filters[email]=a&filters[email]=b`: values of the field, already counted
      for (const item of node) walk(item, prefix, depth + 1);
      return;
    }
    if (!isPlainObject(node)) {
      if (prefix.length === 0) throw new UnreadableQuery('filters', 'Invalid filters: expected an object');
      return; // `filters[email]=x`: an implicit $eq on the field, already counted
    }
    for (const [key, value] of Object.entries(node)) {
      if (LOGICAL.has(key)) {
        if (Array.isArray(value)) for (const item of value) walk(item, prefix, depth + 1);
        else if (isPlainObject(value)) {
          // `$or[0][...]` parsed as an object with index keys, or `$not[...]` on one tree.
          const indexed = Object.keys(value).every((k) => /^\d+$/.test(k));
          if (indexed) for (const item of Object.values(value)) walk(item, prefix, depth + 1);
          else walk(value, prefix, depth + 1);
        } else throw new UnreadableQuery('filters', `Invalid filters: ${key} expects filters`);
        continue;
      }
      if (key.startsWith('$')) {
        if (prefix.length === 0) throw new UnreadableQuery('filters', `Invalid filters: ${key} without a field`);
        continue; // an operator: its value is data
      }
      if (key === '') throw new UnreadableQuery('filters', 'Invalid filters: empty field name');
      const path = [...prefix, key];
      paths.push(path);
      walk(value, path, depth + 1);
    }
  };
  walk(filters, [], 0);
  return paths;
};
