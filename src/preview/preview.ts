import crypto from 'crypto';

/**
 * Strapi 5 Preview: the admin opens a page of the frontend for the document being edited. Drafts are
 * never readable anonymously (`?status=draft` is refused), so the preview URL carries a short-lived
 * token, signed with the server's secret and bound to one document in one locale, that the frontend
 * sends back in the `X-Preview-Token` header to read that draft (src/security/content-access.ts).
 */
export const PREVIEWABLE: Record<string, { type: string; apiPath: string }> = {
  'api::outsourcing-category.outsourcing-category': { type: 'category', apiPath: '/api/outsourcing-categories' },
  'api::comparison-page.comparison-page': { type: 'comparison', apiPath: '/api/comparison-pages' },
  'api::outsourcing-overview.outsourcing-overview': { type: 'overview', apiPath: '/api/outsourcing-overview' },
};

export const PREVIEW_TOKEN_TTL_MS = 60 * 60 * 1000;

/** What a preview token lets its bearer read: the draft of one document in one locale. */
export interface PreviewGrant {
  uid: string;
  documentId: string;
  locale: string;
}

interface PreviewClaims extends PreviewGrant {
  exp: number;
}

const sign = (payload: string, secret: string): string =>
  crypto.createHmac('sha256', secret).update(payload).digest('base64url');

export const createPreviewToken = (grant: PreviewGrant, secret: string, now = Date.now()): string => {
  const claims: PreviewClaims = {
    uid: grant.uid,
    documentId: grant.documentId,
    locale: grant.locale,
    exp: now + PREVIEW_TOKEN_TTL_MS,
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
};

/** The grant of a valid, unexpired token; undefined otherwise (bad signature, expired, or an older token format). */
export const verifyPreviewToken = (token: string, secret: string, now = Date.now()): PreviewGrant | undefined => {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = sign(payload, secret);
  if (expected.length !== signature.length || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    return undefined;
  }
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<PreviewClaims>;
    const { uid, documentId, locale, exp } = claims;
    return typeof uid === 'string' &&
      typeof documentId === 'string' &&
      typeof locale === 'string' &&
      typeof exp === 'number' &&
      exp > now
      ? { uid, documentId, locale }
      : undefined;
  } catch {
    return undefined;
  }
};

export interface PreviewTarget {
  documentId: string;
  locale?: string | null;
  status?: 'draft' | 'published' | null;
  slug?: string | null;
}

/** The frontend URL the admin's Preview button opens, or null for types that have no page. */
export const buildPreviewUrl = (
  frontendUrl: string,
  uid: string,
  target: PreviewTarget,
  secret: string
): string | null => {
  const previewable = PREVIEWABLE[uid];
  if (!previewable) return null;
  const params = new URLSearchParams({
    type: previewable.type,
    documentId: target.documentId,
    locale: target.locale ?? 'fr',
  });
  if (target.slug) params.set('slug', target.slug);
  if (target.status === 'draft') {
    params.set('status', 'draft');
    params.set(
      'previewToken',
      createPreviewToken({ uid, documentId: target.documentId, locale: target.locale ?? 'fr' }, secret)
    );
  }
  return `${frontendUrl.replace(/\/+$/, '')}/?${params.toString()}`;
};
