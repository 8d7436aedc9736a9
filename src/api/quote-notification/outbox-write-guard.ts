import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { QUOTE_NOTIFICATION_UID } from '../quote-request/constants';

const WRITE_ACTIONS = new Set(['create', 'update', 'clone', 'publish', 'unpublish', 'discardDraft']);

/**
 * Outbox rows are written by the application only (through the query engine, in the submission's
 * transaction and by the dispatcher). Any write through the Document Service — the Content Manager,
 * the content API, GraphQL, a Super Admin included — is refused: a row an admin could type would
 * otherwise decide who receives a request's personal data. Deleting a row stays possible for roles
 * allowed to.
 */
export const registerOutboxWriteGuard = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    if (context.uid === QUOTE_NOTIFICATION_UID && WRITE_ACTIONS.has(context.action)) {
      throw new errors.ForbiddenError('Quote notifications are written by the application only');
    }
    return next();
  });
};
