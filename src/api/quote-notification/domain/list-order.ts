/**
 * The notification list shows what needs someone first: failed and partly delivered mails, newest first,
 * then every other mail, newest first. The Content Manager sorts by one column only, so both keys live
 * in one number, `listOrder`, sorted descending: the row id (newer rows have larger ids), lifted above
 * every possible id while the mail needs attention.
 */
export const ATTENTION_OFFSET = 1_000_000_000_000;

export const NEEDS_ATTENTION = ['failed', 'partial'] as const;

export const needsAttention = (status: unknown): boolean => (NEEDS_ATTENTION as readonly unknown[]).includes(status);

export const listOrderOf = (id: number, status: unknown): number =>
  (needsAttention(status) ? ATTENTION_OFFSET : 0) + id;

const addresses = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((address): address is string => typeof address === 'string') : [];

/**
 * The recipients as the list shows them (JSON cannot be a list column): "a@x, b@x" and the copies,
 * "a@x (cc : c@x)". Empty before the mail is sent: recipients are resolved when it is.
 */
export const recipientListOf = (recipients: unknown, cc: unknown): string => {
  const to = addresses(recipients).join(', ');
  const copies = addresses(cc).join(', ');
  return copies.length > 0 ? `${to} (cc : ${copies})` : to;
};
