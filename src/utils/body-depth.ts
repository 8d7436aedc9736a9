/**
 * How deep a public JSON body may nest (objects and arrays), the body itself being level 1: the
 * submission, GraphQL and every content-API route (src/middlewares/request-body-guard.ts, and
 * src/graphql/protection.ts for the body the GraphQL plugin parses itself).
 */
export const MAX_BODY_DEPTH = 32;

/** Whether `value` nests deeper than `limit` levels; the walk stops there, whatever the value's depth. */
export const nestsDeeperThan = (value: unknown, limit: number): boolean => {
  if (value === null || typeof value !== 'object') return false;
  if (limit <= 0) return true;
  for (const nested of Array.isArray(value) ? value : Object.values(value as Record<string, unknown>)) {
    if (nestsDeeperThan(nested, limit - 1)) return true;
  }
  return false;
};
