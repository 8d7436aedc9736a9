/**
 * What an SMTP answer means for an outbox row. nodemailer reports a refused message as an Error carrying
 * the server's reply (`response`, `responseCode`), and a message refused for some recipients only as a
 * success whose `info.rejected` lists them (with `info.rejectedErrors` holding each server reply).
 */

export interface SendFailure {
  /** A 5xx reply: the server refused for good, so the same mail would be refused again. */
  permanent: boolean;
  /** What to record and show: nodemailer's message, which ends with the server's reply when there was one. */
  message: string;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

const responseCodeOf = (value: unknown): number | undefined =>
  isObject(value) && 'responseCode' in value && typeof value.responseCode === 'number' ? value.responseCode : undefined;

const textOf = (value: unknown): string => (value instanceof Error ? value.message : String(value));

/** One server reply per refused recipient (`rejectedErrors` on nodemailer's info or error). */
const rejectedErrorsOf = (value: unknown): unknown[] =>
  isObject(value) && 'rejectedErrors' in value && Array.isArray(value.rejectedErrors) ? value.rejectedErrors : [];

/** `address: server reply` for one refused recipient. */
const describeRejection = (error: unknown): string => {
  const recipient =
    isObject(error) && 'recipient' in error && typeof error.recipient === 'string' ? error.recipient : '';
  const reply = isObject(error) && 'response' in error && typeof error.response === 'string' ? error.response : '';
  const answer = reply || textOf(error);
  return recipient ? `${recipient.toLowerCase()}: ${answer}` : answer;
};

const isPermanentCode = (code: number | undefined): boolean => code !== undefined && code >= 500 && code < 600;

/**
 * A failed send is permanent only when the server said so with a 5xx reply (RFC 5321 §4.2.1); a 4xx
 * reply, a timeout or a connection error is temporary and retried. When every recipient was refused,
 * each refusal must be permanent: one 4xx among them may still go through later.
 */
export const classifySendFailure = (error: unknown): SendFailure => {
  const perRecipient = rejectedErrorsOf(error);
  const permanent =
    perRecipient.length > 0
      ? perRecipient.every((rejection) => isPermanentCode(responseCodeOf(rejection)))
      : isPermanentCode(responseCodeOf(error));
  const details = perRecipient.length > 1 ? ` (${perRecipient.map(describeRejection).join('; ')})` : '';
  return { permanent, message: `${textOf(error)}${details}` };
};

/** The recipients the server refused in an otherwise accepted send (nodemailer's `info.rejected`), normalised. */
export const rejectedRecipientsOf = (info: unknown): string[] => {
  const rejected = isObject(info) && 'rejected' in info && Array.isArray(info.rejected) ? info.rejected : [];
  return [
    ...new Set(
      rejected
        .map((entry: unknown) =>
          typeof entry === 'string'
            ? entry
            : isObject(entry) && 'address' in entry && typeof entry.address === 'string'
              ? entry.address
              : ''
        )
        .map((address) => address.trim().toLowerCase())
        .filter((address) => address.length > 0)
    ),
  ];
};

/** The server's replies for the refused recipients of an accepted send, for `lastError`. */
export const describeRejections = (info: unknown, rejected: string[]): string => {
  const replies = rejectedErrorsOf(info).map(describeRejection);
  return replies.length > 0
    ? `refused by the mail server: ${replies.join('; ')}`
    : `refused by the mail server for ${rejected.join(', ')}`;
};

/** Replaces each of `secrets` (case-insensitive) in `text`: keeps a requester's address out of logs and alerts. */
export const redact = (text: string, secrets: (string | null | undefined)[]): string =>
  secrets
    .filter((secret): secret is string => typeof secret === 'string' && secret.trim().length >= 3)
    .reduce(
      (result, secret) =>
        result.replace(new RegExp(secret.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '[redacted]'),
      text
    );
