import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

const CACHE_TTL_MS = 30_000;

/**
 * Rejects `?locale=` values that are not configured locales with a 400 on the content API. Strapi
 * would otherwise answer an unknown locale with an empty 200, which hides typos in frontends.
 * The locale list is cached briefly so a locale added in the admin is accepted within 30 s.
 */
const localeGuard: Core.MiddlewareFactory = (_config, { strapi }) => {
  let cached: { codes: Set<string>; at: number } | undefined;

  const knownLocales = async (): Promise<Set<string>> => {
    if (!cached || Date.now() - cached.at > CACHE_TTL_MS) {
      const rows = (await strapi.db.query('plugin::i18n.locale').findMany({ select: ['code'] })) as { code: string }[];
      cached = { codes: new Set(rows.map((row) => row.code)), at: Date.now() };
    }
    return cached.codes;
  };

  return async (ctx, next) => {
    const query = ctx.query as Record<string, unknown> | undefined;
    if (ctx.path.startsWith('/api/') && query && query.locale !== undefined) {
      const { locale } = query;
      if (typeof locale !== 'string' || !(await knownLocales()).has(locale)) {
        const known = [...(await knownLocales())].sort().join(', ');
        throw new errors.ValidationError(`Invalid locale: expected one of ${known}`, {
          errors: [{ path: ['locale'], message: `Expected one of ${known}`, name: 'ValidationError' }],
        });
      }
    }
    await next();
  };
};

export default localeGuard;
