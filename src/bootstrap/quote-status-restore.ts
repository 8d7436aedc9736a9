import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { QUOTE_REQUEST_UID, type PendingStatusState } from '../middlewares/quote-status-passthrough';

interface Ability {
  can(action: string, subject: string, field?: string): boolean;
}

/** Second half of the Content Manager `status` workaround (see src/middlewares/quote-status-passthrough.ts). */
export const registerQuoteStatusRestore = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    if (context.uid === QUOTE_REQUEST_UID && (context.action === 'update' || context.action === 'create')) {
      const params = context.params as { data?: Record<string, unknown> };
      const request = strapi.requestContext.get() as
        | { state?: PendingStatusState & { userAbility?: Ability } }
        | undefined;
      const pending = request?.state?.quoteRequestStatus;
      if (pending !== undefined) {
        const verb = context.action === 'create' ? 'create' : 'update';
        if (
          !request?.state?.userAbility?.can(`plugin::content-manager.explorer.${verb}`, QUOTE_REQUEST_UID, 'status')
        ) {
          throw new errors.ForbiddenError('You may not change the status of quote requests');
        }
        params.data = { ...(params.data ?? {}), status: pending };
        delete request.state.quoteRequestStatus;
      }
    }
    return next();
  });
};
