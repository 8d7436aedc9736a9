import * as React from 'react';
import { Button } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useFetchClient, useNotification, useQueryParams } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router-dom';
import { EXPORT_PATH, QUOTE_REQUEST_UID, fileNameFrom, saveBlob } from './constants';

/**
 * "Export CSV" in the quote request list's actions: downloads the export of the requests the list's
 * filters select (the server applies the role's permissions, as in the list). The list is shown only to
 * roles allowed to read quote requests, and so is the button.
 */
export const ExportCsvButton = () => {
  const { slug } = useParams<{ slug: string }>();
  const [{ query }] = useQueryParams<{ filters?: Record<string, unknown> }>();
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatMessage, locale } = useIntl();
  const [busy, setBusy] = React.useState(false);

  if (slug !== QUOTE_REQUEST_UID) return null;

  const download = async () => {
    setBusy(true);
    try {
      // A French admin gets the file a French Excel opens as it is (`;`, French titles, local times).
      const params = {
        ...(query.filters ? { filters: query.filters } : {}),
        ...(locale.startsWith('fr') ? { format: 'excel-fr' } : {}),
      };
      const response = await get<Blob>(EXPORT_PATH, { params, responseType: 'blob' });
      saveBlob(response.data, fileNameFrom(response.headers, 'quote-requests.csv'));
    } catch (error) {
      const message =
        (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ??
        (error instanceof Error ? error.message : String(error));
      toggleNotification({ type: 'danger', message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button variant="tertiary" size="S" startIcon={<Download />} loading={busy} onClick={download}>
      {formatMessage({ id: 'quote-request.export.button', defaultMessage: 'Export CSV' })}
    </Button>
  );
};
