import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { uidForApiPath, verifyPreviewToken } from '../preview/preview';

const CACHE_TTL_MS = 30_000;

/**
 * Content API query checks Strapi does not make itself:
 * - `?locale=` must be a configured locale (400): Strapi would answer an unknown locale with an empty
 *   200, which hides typos in frontends. The list is cached 30 s, so a locale added in the admin is
 *   accepted within 30 s.
 * - `?status=draft` is refused to anonymous callers (403) unless they present a preview token for that
 *   content type (`X-Preview-Token`, issued by the admin's Preview button): unpublished content never
 *   leaks through the public API.
 */
const queryGuard: Core.MiddlewareFactory = (_config, { strapi }) => {
  let cached: { codes: Set<string>; at: number } | undefined;
  const previewSecret = String(strapi.config.get('admin.auth.secret', ''));

  const knownLocales = async (): Promise<Set<string>> => {
    if (!cached || Date.now() - cached.at > CACHE_TTL_MS) {
      const rows = (await strapi.db.query('plugin::i18n.locale').findMany({ select: ['code'] })) as { code: string }[];
      cached = { codes: new Set(rows.map((row) => row.code)), at: Date.now() };
    }
    return cached.codes;
  };

  return async (ctx, next) => {
    const query = ctx.query as Record<string, unknown> | undefined;
    if (!ctx.path.startsWith('/api/') || !query) {
      await next();
      return;
    }

    if (query.locale !== undefined) {
      const { locale } = query;
      if (typeof locale !== 'string' || !(await knownLocales()).has(locale)) {
        const known = [...(await knownLocales())].sort().join(', ');
        throw new errors.ValidationError(`Invalid locale: expected one of ${known}`, {
          errors: [{ path: ['locale'], message: `Expected one of ${known}`, name: 'ValidationError' }],
        });
      }
    }

    if (query.status === 'draft' && !ctx.get('authorization')) {
      const token = ctx.get('x-preview-token');
      const grantedUid = token ? verifyPreviewToken(token, previewSecret) : undefined;
      if (!grantedUid || grantedUid !== uidForApiPath(ctx.path)) {
        throw new errors.ForbiddenError('Drafts are only readable with a preview token or an API token');
      }
      // A valid preview token reads drafts with the public role's read permissions.
    }

    await next();
  };
};

export default queryGuard;
