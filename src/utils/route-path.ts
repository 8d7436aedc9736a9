/**
 * A request path as Strapi's router matches it: case-insensitively and with or without a trailing
 * slash. Guards compare this form, so `/API/Quote-Requests/` is the same route to them as to the router.
 */
export const routePath = (path: string): string => {
  const lower = path.toLowerCase();
  return lower.length > 1 ? lower.replace(/\/+$/, '') : lower;
};

/** Whether a normalised path is `prefix` or below it. */
export const isUnder = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);
