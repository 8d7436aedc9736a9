/** What the admin extension needs to know about the quote requests' API (same values as the server's). */
export const QUOTE_REQUEST_UID = 'api::quote-request.quote-request';
export const QUOTE_NOTIFICATION_UID = 'api::quote-notification.quote-notification';
/** The permission (Settings → Roles) to re-queue a failed notification. */
export const RETRY_NOTIFICATION_ACTION = 'api::quote-notification.retry';
/** The permission to see the sales desk's dashboard (Super Admin, Sales). */
export const DASHBOARD_ACTION = 'api::sales-desk.dashboard';
export const SUPER_ADMIN_ROLE_CODE = 'strapi-super-admin';
/** The role the app creates for the sales team (src/bootstrap): sees quote requests and the desk. */
export const SALES_ROLE_CODE = 'sales';

export const personalDataPath = (documentId: string) =>
  `/api/quote-requests/${encodeURIComponent(documentId)}/personal-data`;
export const erasePersonalDataPath = (documentId: string) =>
  `/api/quote-requests/${encodeURIComponent(documentId)}/erase-personal-data`;
export const attachmentsPath = (documentId: string) =>
  `/api/quote-requests/${encodeURIComponent(documentId)}/attachments`;
export const attachmentPath = (documentId: string, attachmentId: string) =>
  `${attachmentsPath(documentId)}/${encodeURIComponent(attachmentId)}`;
export const retryNotificationPath = (documentId: string) =>
  `/api/quote-notifications/${encodeURIComponent(documentId)}/retry`;
/** The sales desk's figures for the home page widget (Super Admin and Sales). */
export const DASHBOARD_PATH = '/api/quote-requests/dashboard';
export const EXPORT_PATH = '/api/quote-requests/export';

/** Saves a Blob under a file name, as a download does. */
export const saveBlob = (blob: Blob, fileName: string) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Let the download start before releasing the object URL.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

/** The file name a Content-Disposition header gives, or a fallback. */
export const fileNameFrom = (headers: Headers | undefined, fallback: string) => {
  const match = /filename="([^"]+)"/.exec(headers?.get('content-disposition') ?? '');
  return match ? match[1] : fallback;
};
