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

const useIsSuperAdmin = (): boolean =>
  useAuth('PersonalDataPanel', (state) =>
    Boolean(state.user?.roles?.some((role) => role.code === SUPER_ADMIN_ROLE_CODE))
  );

/**
 * A person's rights, on a quote request's edit view, for Super Admins only (the server checks it too):
 * download everything held about the request's address as JSON, and erase it (with a confirmation).
 * Both go through the same service as `npm run privacy` and are written to the privacy log.
 */
const PersonalDataContent = ({ documentId, anonymised }: { documentId: string; anonymised: boolean }) => {
  const { formatMessage } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState<'export' | 'erase' | null>(null);

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
      toggleNotification({
        type: 'success',
        message: formatMessage(
          {
            id: 'quote-request.privacy.erased',
            defaultMessage: 'Personal data erased: {requests, plural, one {# request} other {# requests}} anonymised.',
          },
          { requests: data.data.requests }
        ),
      });
      // The form holds the values read before the erasure: read the document again.
      window.location.reload();
    } catch (error) {
      fail(error);
      setBusy(null);
    }
  };

  if (anonymised) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {formatMessage({
          id: 'quote-request.privacy.anonymised',
          defaultMessage: 'This request is anonymised: it holds no personal data any more.',
        })}
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
    content: <PersonalDataContent documentId={documentId} anonymised={Boolean(document?.anonymizedAt)} />,
  };
};
