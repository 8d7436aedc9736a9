import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { PRIVACY_LOG_UID } from './constants';

const WRITE_ACTIONS = new Set(['create', 'update', 'clone', 'publish', 'unpublish', 'discardDraft']);

/**
 * The privacy log records what the application did with personal data (erasures, exports, retention
 * sweeps): it writes its rows itself, through the query engine. A row typed in the Content Manager
 * (a Super Admin included), the content API or GraphQL would be a forged record: every write through
 * the Document Service is refused.
 */
export const registerPrivacyLogWriteGuard = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    if (context.uid === PRIVACY_LOG_UID && WRITE_ACTIONS.has(context.action)) {
      throw new errors.ForbiddenError('The privacy log is written by the application only');
    }
    return next();
  });
};
