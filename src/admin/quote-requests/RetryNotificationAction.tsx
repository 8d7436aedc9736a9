import { ArrowClockwise } from '@strapi/icons';
import { useAuth, useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { DocumentActionComponent } from '@strapi/content-manager/strapi-admin';
import { useIntl } from 'react-intl';
import { QUOTE_NOTIFICATION_UID, RETRY_NOTIFICATION_ACTION, retryNotificationPath } from './constants';

const RETRYABLE = new Set(['failed', 'partial']);

/**
 * "Retry" on a failed or partly delivered notification, for roles granted the retry permission (Sales
 * and Super Admin by default). The server re-queues it through the outbox, which resolves its
 * recipients from the routing again when it sends: nobody types an address here.
 */
export const RetryNotificationAction: DocumentActionComponent = ({ model, documentId, document }) => {
  const { formatMessage } = useIntl();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const allowed = useAuth('RetryNotificationAction', (state) =>
    state.permissions.some((permission) => permission.action === RETRY_NOTIFICATION_ACTION)
  );
  const status = typeof document?.deliveryStatus === 'string' ? document.deliveryStatus : '';
  if (model !== QUOTE_NOTIFICATION_UID || !documentId || !allowed || !RETRYABLE.has(status)) return null;

  return {
    label: formatMessage({ id: 'quote-notification.retry', defaultMessage: 'Retry' }),
    icon: <ArrowClockwise />,
    position: ['panel', 'header'],
    variant: 'secondary',
    onClick: async () => {
      try {
        await post(retryNotificationPath(documentId));
        toggleNotification({
          type: 'success',
          message: formatMessage({
            id: 'quote-notification.retry.queued',
            defaultMessage: 'Queued again: it will be sent to the addresses the routing gives now.',
          }),
        });
        window.location.reload();
      } catch (error) {
        const message =
          (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ??
          (error instanceof Error ? error.message : String(error));
        toggleNotification({ type: 'danger', message });
      }
    },
  };
};
