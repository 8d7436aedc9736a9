import { ArrowClockwise } from '@strapi/icons';
import { useAuth, useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { DocumentActionComponent } from '@strapi/content-manager/strapi-admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { QUOTE_NOTIFICATION_UID, RETRY_NOTIFICATION_ACTION, retryNotificationPath } from './constants';

const RETRYABLE = new Set(['failed', 'partial']);

/**
 * "Retry" on a failed or partly delivered notification, for roles granted the retry permission (Sales
 * and Super Admin by default). The server re-queues it through the outbox, which resolves its
 * recipients from the routing again when it sends: nobody types an address here.
 */
const WAITING = new Set(['pending', 'sending']);
const POLL_MS = 500;
const POLL_LIMIT_MS = 20000;
/** The outcome survives the page's reload (which shows the notification as it now is) in sessionStorage. */
const outcomeKey = (documentId: string) => `quote-notification.retry.outcome.${documentId}`;

interface RetryOutcome {
  deliveryStatus: string;
  lastError?: string | null;
}

const errorMessage = (error: unknown): string =>
  (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ??
  (error instanceof Error ? error.message : String(error));

/**
 * "Retry" on a failed or partly delivered notification, for roles granted the retry permission (Sales
 * and Super Admin by default). The server re-queues it through the outbox, which resolves its
 * recipients from the routing again when it sends: nobody types an address here. The button then waits
 * (up to 20 s) for the outbox's verdict and says it: sent, refused again with the server's last error,
 * or still waiting.
 */
export const RetryNotificationAction: DocumentActionComponent = ({ model, documentId, document }) => {
  const { formatMessage } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const allowed = useAuth('RetryNotificationAction', (state) =>
    state.permissions.some((permission) => permission.action === RETRY_NOTIFICATION_ACTION)
  );

  // After the reload: say what the retry came to.
  React.useEffect(() => {
    if (model !== QUOTE_NOTIFICATION_UID || !documentId) return;
    const stored = window.sessionStorage.getItem(outcomeKey(documentId));
    if (!stored) return;
    window.sessionStorage.removeItem(outcomeKey(documentId));
    const outcome = JSON.parse(stored) as RetryOutcome;
    if (outcome.deliveryStatus === 'sent') {
      toggleNotification({
        type: 'success',
        message: formatMessage({ id: 'quote-notification.retry.sent', defaultMessage: 'Sent again.' }),
      });
    } else if (WAITING.has(outcome.deliveryStatus)) {
      toggleNotification({
        type: 'info',
        message: formatMessage({
          id: 'quote-notification.retry.queued',
          defaultMessage: 'Queued again: it will be sent to the addresses the routing gives now.',
        }),
      });
    } else {
      toggleNotification({
        type: 'danger',
        message: formatMessage(
          { id: 'quote-notification.retry.failed', defaultMessage: 'Not sent: {error}' },
          { error: outcome.lastError ?? outcome.deliveryStatus }
        ),
      });
    }
  }, [model, documentId, toggleNotification, formatMessage]);

  const status = typeof document?.deliveryStatus === 'string' ? document.deliveryStatus : '';
  if (model !== QUOTE_NOTIFICATION_UID || !documentId || !allowed || !RETRYABLE.has(status)) return null;

  const readOutcome = async (): Promise<RetryOutcome> => {
    const { data } = await get<{ data: RetryOutcome }>(
      `/content-manager/collection-types/${QUOTE_NOTIFICATION_UID}/${documentId}`
    );
    return data.data;
  };

  return {
    label: formatMessage({ id: 'quote-notification.retry', defaultMessage: 'Retry' }),
    icon: <ArrowClockwise />,
    position: ['panel', 'header'],
    variant: 'secondary',
    onClick: async () => {
      try {
        await post(retryNotificationPath(documentId));
      } catch (error) {
        toggleNotification({ type: 'danger', message: errorMessage(error) });
        return;
      }
      let outcome: RetryOutcome = { deliveryStatus: 'pending' };
      const deadline = Date.now() + POLL_LIMIT_MS;
      try {
        do {
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          outcome = await readOutcome();
        } while (WAITING.has(outcome.deliveryStatus) && Date.now() < deadline);
      } catch {
        // The verdict could not be read: the reload below shows the notification as it is.
      }
      window.sessionStorage.setItem(outcomeKey(documentId), JSON.stringify(outcome));
      window.location.reload();
    },
  };
};
