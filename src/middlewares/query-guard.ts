import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { cacheInvalidation } from '../cache/invalidation';
import { verifyPreviewToken } from '../preview/preview';
import type { ContentApiState } from '../security/content-access';
import { isUnder, routePath } from '../utils/route-path';

const CACHE_TTL_MS = 30_000;

interface FieldError {
  path: string[];
  message: string;
  name: string;
}

const isFieldErrorList = (value: unknown): value is FieldError[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every(
    (item) =>
      item !== null &&
      typeof item === 'object' &&
      Array.isArray((item as FieldError).path) &&
      typeof (item as FieldError).message === 'string'
  );

/**
 * One `details` shape for every 400 of the content API: `{ errors: [{ path, message, name }] }`, the shape
 * of yup validation and of this project's guards. Strapi's query validation (`Invalid key nope`) says
 * `{ key, path }` instead: it is rewritten here, with the key as the path when Strapi gave none.
 */
export const withFieldErrors = (error: unknown): unknown => {
  if (!(error instanceof errors.ValidationError)) return error;
  const details = (error.details ?? {}) as Record<string, unknown>;
  if (isFieldErrorList(details.errors)) return error;
  const at = typeof details.path === 'string' && details.path ? details.path : details.key;
  const path = typeof at === 'string' && at ? at.split('.') : [];
  const message = String((error as Error).message);
  return new errors.ValidationError(message, { errors: [{ path, message, name: 'ValidationError' }] });
};

/**
 * Content API query checks that run before routing:
 * - `?locale=` must be a configured locale (400): Strapi would answer an unknown locale with an empty
 *   200, which hides typos in frontends. The list is cached 30 s and dropped on any content write, here
 *   or (PostgreSQL, Redis) on another instance: a locale added in the admin is accepted at once.
 * - A valid `X-Preview-Token` (minted by the admin's Preview button) becomes `ctx.state.previewGrant`.
 *   Whether a read may return drafts is decided later, after authentication, by the Document Service
 *   middleware in src/security/content-access.ts; an invalid token grants nothing and is refused here
 *   so a broken preview link fails loudly instead of silently showing published content.
 * - A 400 from anywhere below answers with the project's `details` shape (withFieldErrors).
 */
const queryGuard: Core.MiddlewareFactory = (_config, { strapi }) => {
  let cached: { codes: Set<string>; at: number } | undefined;
  cacheInvalidation(strapi).onInvalidate(() => {
    cached = undefined;
  });
  const previewSecret = String(strapi.config.get('admin.auth.secret', ''));

  const knownLocales = async (): Promise<Set<string>> => {
    if (!cached || Date.now() - cached.at > CACHE_TTL_MS) {
      const rows = (await strapi.db.query('plugin::i18n.locale').findMany({ select: ['code'] })) as { code: string }[];
      cached = { codes: new Set(rows.map((row) => row.code)), at: Date.now() };
    }
    return cached.codes;
  };

  return async (ctx, next) => {
    if (!isUnder(routePath(ctx.path), '/api')) {
      await next();
      return;
    }

    const query = ctx.query as Record<string, unknown>;
    if (query.locale !== undefined) {
      const { locale } = query;
      if (typeof locale !== 'string' || !(await knownLocales()).has(locale)) {
        const known = [...(await knownLocales())].sort().join(', ');
        throw new errors.ValidationError(`Invalid locale: expected one of ${known}`, {
          errors: [{ path: ['locale'], message: `Expected one of ${known}`, name: 'ValidationError' }],
        });
      }
    }

    const token = ctx.get('x-preview-token');
    if (token) {
      const grant = verifyPreviewToken(token, previewSecret);
      if (!grant) throw new errors.ForbiddenError('Invalid or expired preview token');
      (ctx.state as ContentApiState).previewGrant = grant;
    }

    try {
      await next();
    } catch (error) {
      throw withFieldErrors(error);
    }
  };
};

export default queryGuard;
