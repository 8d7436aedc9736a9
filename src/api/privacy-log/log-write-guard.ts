import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { PRIVACY_LOG_UID } from './constants';

const WRITE_ACTIONS = new Set(['create', 'update', 'delete', 'clone', 'publish', 'unpublish', 'discardDraft']);

/**
 * The privacy log records what the application did with personal data (erasures, exports, retention
 * sweeps): it writes its rows itself, through the query engine, and never changes or removes one. A
 * row typed in the Content Manager (a Super Admin included), the content API or GraphQL would be a
 * forged record, and a changed or deleted one a lost proof: every write through the Document Service
 * (create, update, delete, bulk delete, clone) is refused. A mistake is corrected by a new row, never
 * by editing an old one (PRIVACY.md).
 */
export const registerPrivacyLogWriteGuard = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    if (context.uid === PRIVACY_LOG_UID && WRITE_ACTIONS.has(context.action)) {
      throw new errors.ForbiddenError('The privacy log is written by the application only, and never changed');
    }
    return next();
  });
};
