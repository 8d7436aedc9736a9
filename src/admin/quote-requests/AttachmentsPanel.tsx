import * as React from 'react';
import { Button, Flex, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { PanelComponent } from '@strapi/content-manager/strapi-admin';
import { useIntl } from 'react-intl';
import { QUOTE_REQUEST_UID, attachmentPath, attachmentsPath, saveBlob } from './constants';

interface Attachment {
  id: string;
  name: string;
  size: number;
  type: string;
}

/** Short names of the accepted types, as people call them. */
const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (XLSX)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint (PPTX)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument (ODT)',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument (ODS)',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
};

/**
 * The files the prospect attached, on the request's edit view, for roles that may read them (the server
 * decides: the list and each download are refused to the others). A download goes through the admin's
 * authenticated client and is saved under the file's name; nothing is opened in the browser.
 */
const AttachmentsContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage, formatNumber } = useIntl();
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [attachments, setAttachments] = React.useState<Attachment[] | null>(null);
  const [failed, setFailed] = React.useState(false);
  const [busy, setBusy] = React.useState<string | null>(null);

  React.useEffect(() => {
    let cancelled = false;
    get<{ data: Attachment[] }>(attachmentsPath(documentId))
      .then(({ data }) => {
        if (!cancelled) setAttachments(data.data);
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, [documentId]);

  const sizeOf = (bytes: number): string =>
    bytes >= 1024 * 1024
      ? `${formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 })} ${formatMessage({ id: 'quote-request.attachments.mb', defaultMessage: 'MB' })}`
      : `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} ${formatMessage({ id: 'quote-request.attachments.kb', defaultMessage: 'KB' })}`;

  const download = async (attachment: Attachment) => {
    setBusy(attachment.id);
    try {
      const response = await get<Blob>(attachmentPath(documentId, attachment.id), { responseType: 'blob' });
      saveBlob(response.data, attachment.name);
    } catch (error) {
      const message =
        (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ??
        (error instanceof Error ? error.message : String(error));
      toggleNotification({ type: 'danger', message });
    } finally {
      setBusy(null);
    }
  };

  if (failed) {
    return (
      <Typography variant="pi" textColor="danger600">
        {formatMessage({
          id: 'quote-request.attachments.failed',
          defaultMessage: 'The attachments could not be listed.',
        })}
      </Typography>
    );
  }
  if (!attachments) return null;
  return (
    <Flex direction="column" gap={3} alignItems="stretch" width="100%" data-testid="quote-attachments">
      {attachments.map((attachment) => (
        <Flex key={attachment.id} direction="column" gap={1} alignItems="stretch">
          <Typography variant="omega" fontWeight="semiBold" ellipsis title={attachment.name}>
            {attachment.name}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {`${TYPE_NAMES[attachment.type] ?? attachment.type} · ${sizeOf(attachment.size)}`}
          </Typography>
          <Button
            variant="tertiary"
            size="S"
            startIcon={<Download />}
            loading={busy === attachment.id}
            disabled={busy !== null}
            onClick={() => download(attachment)}
          >
            {formatMessage({ id: 'quote-request.attachments.download', defaultMessage: 'Download' })}
          </Button>
        </Flex>
      ))}
    </Flex>
  );
};

export const AttachmentsPanel: PanelComponent = ({ model, documentId, document }) => {
  const { formatMessage } = useIntl();
  // `attachmentCount` is in the document only for roles that may read it, and 0 when nothing was attached.
  if (model !== QUOTE_REQUEST_UID || !documentId || !(Number(document?.attachmentCount) > 0)) return null;
  return {
    title: formatMessage({ id: 'quote-request.attachments.title', defaultMessage: 'Attachments' }),
    content: <AttachmentsContent documentId={documentId} />,
  };
};
