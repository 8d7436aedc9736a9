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

/** The address of a mail address ("ACME Conseil <devis@acme.fr>" → "devis@acme.fr"; a bare address as it is). */
export const addressOf = (address: string): string => {
  const match = /<([^>]*)>\s*$/.exec(address);
  return (match ? match[1] : address).trim();
};

/** `"Name" <address>`, the display name's quotes and backslashes dropped (no header can be forged with them). */
export const mailbox = (name: string, address: string): string => {
  const display = name.replace(/["\\\r\n]/g, '').trim();
  return display ? `"${display}" <${address}>` : address;
};

/**
 * Who the requester's confirmation comes from, and where their reply goes: the Site's contact (the
 * company's name, and its contact address when editors set one). The SMTP envelope and `Sender` stay
 * EMAIL_FROM's address, the one the mail server is set up to send from; without a contact address, the
 * mail comes from EMAIL_FROM's address under the company's name, and replies go to EMAIL_REPLY_TO.
 */
export const confirmationIdentity = (
  site: { companyName: string; contactEmail: string | null },
  defaults: { from: string; replyTo: string }
): { from: string; sender?: string; replyTo: string } => {
  const technical = addressOf(defaults.from);
  if (!site.contactEmail) return { from: mailbox(site.companyName, technical), replyTo: defaults.replyTo };
  return {
    from: mailbox(site.companyName, site.contactEmail),
    ...(site.contactEmail.toLowerCase() === technical.toLowerCase() ? {} : { sender: technical }),
    replyTo: site.contactEmail,
  };
};
