import type { Core } from '@strapi/strapi';

/**
 * Works around a Content Manager limitation in Strapi 5.54: on create/update it validates the body's
 * `status` as the draft/published *dimension*, even for content types without draft & publish, so a
 * quote request whose own `status` field is "contacted" cannot be saved ("Invalid status").
 *
 * This middleware takes the quote request's `status` out of the Content Manager request before that
 * check; the document-service middleware registered by `registerQuoteStatusRestore` puts it back into
 * the data, but only if the admin user's role may create/update that field. On the way out, the
 * Content Manager overwrites `status` with the publication state ("published") in the documents it
 * returns: the stored pipeline status is put back, so the list column and the edit form show it.
 */
export const QUOTE_REQUEST_UID = 'api::quote-request.quote-request';
const CM_PATH = `/content-manager/collection-types/${QUOTE_REQUEST_UID}`;
const DIMENSION_VALUES = new Set(['draft', 'published']);

export interface PendingStatusState {
  quoteRequestStatus?: unknown;
}

type Doc = { id?: number; documentId?: string; status?: unknown };

const quoteStatusPassthrough: Core.MiddlewareFactory = (_config, { strapi }) => {
  /** Puts the stored pipeline status back on the documents of a Content Manager response. */
  const restoreStatuses = async (docs: Doc[]): Promise<void> => {
    const ids = docs.map((d) => d.documentId).filter((id): id is string => typeof id === 'string');
    if (ids.length === 0) return;
    const rows = (await strapi.db.query(QUOTE_REQUEST_UID).findMany({
      where: { documentId: { $in: ids } },
      select: ['documentId', 'status'],
    })) as { documentId: string; status: string }[];
    const byId = new Map(rows.map((r) => [r.documentId, r.status]));
    for (const doc of docs) {
      if (doc.documentId && byId.has(doc.documentId)) doc.status = byId.get(doc.documentId);
    }
  };

  return async (ctx, next) => {
    const isQuoteRequestPath = ctx.path === CM_PATH || ctx.path.startsWith(`${CM_PATH}/`);
    if (!isQuoteRequestPath) {
      await next();
      return;
    }
    if (ctx.method === 'PUT' || ctx.method === 'POST') {
      const body = ctx.request.body as Record<string, unknown> | undefined;
      if (body && typeof body === 'object' && 'status' in body && !DIMENSION_VALUES.has(String(body.status))) {
        (ctx.state as PendingStatusState).quoteRequestStatus = body.status;
        delete body.status;
      }
    }
    await next();

    const payload = ctx.body as { results?: Doc[]; data?: Doc } | undefined;
    if (ctx.status === 200 && payload && typeof payload === 'object') {
      if (Array.isArray(payload.results)) await restoreStatuses(payload.results);
      if (payload.data && typeof payload.data === 'object') await restoreStatuses([payload.data]);
    }
  };
};

export default quoteStatusPassthrough;
