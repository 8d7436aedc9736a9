/** EMAIL_FROM when it is not set: the sender of every mail (display name and address). */
export const DEFAULT_EMAIL_FROM = 'Devis <devis@example.com>';

/**
 * The display name of a mail address ("ACME Conseil <devis@acme.fr>" → "ACME Conseil"), quotes removed;
 * empty when there is none. The default of COMPANY_NAME, which signs the requester's confirmation.
 */
export const displayNameOf = (address: string): string => {
  const match = /^\s*"?([^"<]*?)"?\s*<[^>]*>\s*$/.exec(address);
  return match ? match[1].trim() : '';
};
