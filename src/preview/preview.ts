import crypto from 'crypto';

/**
 * Strapi 5 Preview: the admin opens a page of the frontend for the document being edited. Drafts are
 * never readable anonymously (`?status=draft` is refused), so the preview URL carries a short-lived
 * token, signed with the server's secret and bound to one content type, that the frontend sends back
 * in the `X-Preview-Token` header to read that type's drafts.
 */
export const PREVIEWABLE: Record<string, { type: string; apiPath: string }> = {
  'api::outsourcing-category.outsourcing-category': { type: 'category', apiPath: '/api/outsourcing-categories' },
  'api::comparison-page.comparison-page': { type: 'comparison', apiPath: '/api/comparison-pages' },
  'api::outsourcing-overview.outsourcing-overview': { type: 'overview', apiPath: '/api/outsourcing-overview' },
};

export const PREVIEW_TOKEN_TTL_MS = 60 * 60 * 1000;

interface PreviewClaims {
  uid: string;
  exp: number;
}

const sign = (payload: string, secret: string): string =>
  crypto.createHmac('sha256', secret).update(payload).digest('base64url');

export const createPreviewToken = (uid: string, secret: string, now = Date.now()): string => {
  const payload = Buffer.from(
    JSON.stringify({ uid, exp: now + PREVIEW_TOKEN_TTL_MS } satisfies PreviewClaims)
  ).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
};

/** The content type a valid, unexpired token grants draft reads on; undefined otherwise. */
export const verifyPreviewToken = (token: string, secret: string, now = Date.now()): string | undefined => {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return undefined;
  const expected = sign(payload, secret);
  if (expected.length !== signature.length || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    return undefined;
  }
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<PreviewClaims>;
    return typeof claims.uid === 'string' && typeof claims.exp === 'number' && claims.exp > now
      ? claims.uid
      : undefined;
  } catch {
    return undefined;
  }
};

/** The content type served under an /api path, if it is previewable. */
export const uidForApiPath = (path: string): string | undefined =>
  Object.entries(PREVIEWABLE).find(([, p]) => path === p.apiPath || path.startsWith(`${p.apiPath}/`))?.[0];

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
    params.set('previewToken', createPreviewToken(uid, secret));
  }
  return `${frontendUrl.replace(/\/+$/, '')}/?${params.toString()}`;
};
