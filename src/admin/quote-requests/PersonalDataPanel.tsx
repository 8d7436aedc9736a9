import * as React from 'react';
import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { Download, Trash, WarningCircle } from '@strapi/icons';
import { useAuth, useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { PanelComponent } from '@strapi/content-manager/strapi-admin';
import { useIntl } from 'react-intl';
import {
  QUOTE_REQUEST_UID,
  SUPER_ADMIN_ROLE_CODE,
  erasePersonalDataPath,
  fileNameFrom,
  personalDataPath,
  saveBlob,
} from './constants';

interface EraseReport {
  data: { requests: number; notificationsDeleted: number; notificationsStripped: number };
}

/**
 * The erasure's report survives the reload that shows the anonymised request: kept for this tab only,
 * read once by the panel of that very request.
 */
const ERASED_KEY = 'quote-request.privacy.erased';

const useIsSuperAdmin = (): boolean =>
  useAuth('PersonalDataPanel', (state) =>
    Boolean(state.user?.roles?.some((role) => role.code === SUPER_ADMIN_ROLE_CODE))
  );

/**
 * A person's rights, on a quote request's edit view, for Super Admins only (the server checks it too):
 * download everything held about the request's address as JSON, and erase it (with a confirmation).
 * Both go through the same service as `npm run privacy` and are written to the privacy log.
 */
const PersonalDataContent = ({ documentId, anonymisedAt }: { documentId: string; anonymisedAt: string | null }) => {
  const { formatMessage, formatDate } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState<'export' | 'erase' | null>(null);

  const erasedMessage = (requests: number): string =>
    formatMessage(
      {
        id: 'quote-request.privacy.erased',
        defaultMessage: 'Personal data erased: {requests, plural, one {# request} other {# requests}} anonymised.',
      },
      { requests }
    );

  // After the reload that follows an erasure: say it was done, once.
  React.useEffect(() => {
    const stored = window.sessionStorage.getItem(ERASED_KEY);
    if (!stored) return;
    const report = JSON.parse(stored) as { documentId?: string; requests?: number };
    if (report.documentId !== documentId) return;
    window.sessionStorage.removeItem(ERASED_KEY);
    toggleNotification({ type: 'success', message: erasedMessage(Number(report.requests ?? 1)) });
  }, [documentId]);

  const fail = (error: unknown) => {
    const message =
      (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ??
      (error instanceof Error ? error.message : String(error));
    toggleNotification({ type: 'danger', message });
  };

  const exportData = async () => {
    setBusy('export');
    try {
      const response = await get<Blob>(personalDataPath(documentId), { responseType: 'blob' });
      saveBlob(response.data, fileNameFrom(response.headers, 'personal-data.json'));
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const erase = async () => {
    setBusy('erase');
    try {
      const { data } = await post<EraseReport>(erasePersonalDataPath(documentId));
      // The form holds the values read before the erasure: read the document again, and tell the
      // person it was done once the page is back.
      window.sessionStorage.setItem(ERASED_KEY, JSON.stringify({ documentId, requests: data.data.requests }));
      window.location.reload();
    } catch (error) {
      fail(error);
      setBusy(null);
    }
  };

  if (anonymisedAt) {
    return (
      <Typography variant="pi" textColor="neutral600" data-testid="personal-data-erased">
        {formatMessage(
          {
            id: 'quote-request.privacy.anonymisedOn',
            defaultMessage:
              'Personal data erased on {date}: this request holds no personal data any more, and the consent it was sent with is void.',
          },
          { date: formatDate(new Date(anonymisedAt), { dateStyle: 'long', timeStyle: 'short' }) }
        )}
      </Typography>
    );
  }

  return (
    <Flex direction="column" gap={2} alignItems="stretch" width="100%">
      <Typography variant="pi" textColor="neutral600">
        {formatMessage({
          id: 'quote-request.privacy.help',
          defaultMessage: "Covers every request sent from this request's email address.",
        })}
      </Typography>
      <Button
        variant="secondary"
        startIcon={<Download />}
        loading={busy === 'export'}
        disabled={busy !== null}
        onClick={exportData}
        fullWidth
      >
        {formatMessage({ id: 'quote-request.privacy.export', defaultMessage: 'Export personal data (JSON)' })}
      </Button>
      <Dialog.Root>
        <Dialog.Trigger>
          <Button variant="danger-light" startIcon={<Trash />} disabled={busy !== null} fullWidth>
            {formatMessage({ id: 'quote-request.privacy.erase', defaultMessage: 'Erase personal data' })}
          </Button>
        </Dialog.Trigger>
        <Dialog.Content>
          <Dialog.Header>
            {formatMessage({ id: 'quote-request.privacy.erase.title', defaultMessage: 'Erase personal data?' })}
          </Dialog.Header>
          <Dialog.Body icon={<WarningCircle fill="danger600" />}>
            {formatMessage({
              id: 'quote-request.privacy.erase.confirm',
              defaultMessage:
                'Name, email, phone, company, job title, message and notes of every request from this address are erased for good, and its pending mails are cancelled. The reference and the statistics stay.',
            })}
          </Dialog.Body>
          <Dialog.Footer>
            <Dialog.Cancel>
              <Button variant="tertiary" fullWidth>
                {formatMessage({ id: 'app.components.Button.cancel', defaultMessage: 'Cancel' })}
              </Button>
            </Dialog.Cancel>
            <Dialog.Action>
              <Button variant="danger" fullWidth loading={busy === 'erase'} onClick={erase}>
                {formatMessage({ id: 'quote-request.privacy.erase.action', defaultMessage: 'Erase' })}
              </Button>
            </Dialog.Action>
          </Dialog.Footer>
        </Dialog.Content>
      </Dialog.Root>
    </Flex>
  );
};

export const PersonalDataPanel: PanelComponent = ({ model, documentId, document }) => {
  const { formatMessage } = useIntl();
  const isSuperAdmin = useIsSuperAdmin();
  if (model !== QUOTE_REQUEST_UID || !documentId || !isSuperAdmin) return null;
  return {
    title: formatMessage({ id: 'quote-request.privacy.title', defaultMessage: 'Personal data' }),
    content: (
      <PersonalDataContent
        documentId={documentId}
        anonymisedAt={typeof document?.anonymizedAt === 'string' ? document.anonymizedAt : null}
      />
    ),
  };
};
