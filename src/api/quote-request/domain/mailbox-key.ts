import crypto from 'crypto';
import { domainToASCII } from 'url';

/**
 * Mail services that deliver an address with dots in its local part to the dot-less mailbox
 * (`j.doe@gmail.com` is `jdoe@gmail.com`), and the domain the mailbox is known by: Google serves
 * googlemail.com and gmail.com as one. Elsewhere a dot is part of the name (`j.doe` and `jdoe` are two
 * people at most companies), so no other domain is listed on a guess.
 */
const DOT_INSENSITIVE_DOMAINS: ReadonlyMap<string, string> = new Map([
  ['gmail.com', 'gmail.com'],
  ['googlemail.com', 'gmail.com'],
]);

/** The sub-address delimiter of Gmail, Outlook, Fastmail, Proton, iCloud, and Postfix's and Exim's defaults. */
const SUBADDRESS_DELIMITER = '+';

/** Longest key stored as is (the column is a VARCHAR(255) on PostgreSQL); longer ones are stored hashed. */
const MAX_KEY_LENGTH = 254;

/** `"john+doe"` is the local part `john+doe`: quotes and backslash escapes are syntax, not name. */
const unquoted = (local: string): string =>
  local.length >= 2 && local.startsWith('"') && local.endsWith('"')
    ? local.slice(1, -1).replace(/\\(.)/gu, '$1')
    : local;

/**
 * The domain in one spelling: lower case, without the root's trailing dot, internationalised names in
 * their ASCII (punycode) form, so `BÜCHER.de`, `bücher.de` and `xn--bcher-kva.de` are one domain. What
 * is not a host name (an address literal `[192.0.2.1]`) stays as typed, in lower case.
 */
const canonicalDomain = (domain: string): string => {
  const lower = domain.toLowerCase().replace(/\.$/u, '');
  return domainToASCII(lower) || lower;
};

/**
 * The mailbox an address delivers to, as the confirmation cap counts it: one person typing
 * `victim+1@…`, `victim+2@…` fills one inbox. Unicode compatibility form (NFKC: a full-width `＠` is an
 * at sign), case ignored, the local part unquoted and cut at its first `+` (`a+b+c` is `a`; a local part
 * that starts with `+` is kept whole), dots dropped only at domains that ignore them (gmail.com,
 * googlemail.com). Deterministic and pure: stored with each request, compared in the database.
 */
export const mailboxKeyOf = (address: string): string => {
  const normalised = address.normalize('NFKC').trim();
  // A quoted local part may hold an at sign; a domain never does.
  const at = normalised.lastIndexOf('@');
  let key: string;
  if (at <= 0 || at === normalised.length - 1) {
    key = normalised.toLowerCase();
  } else {
    let local = unquoted(normalised.slice(0, at)).toLowerCase();
    let domain = canonicalDomain(normalised.slice(at + 1));
    const delimiter = local.indexOf(SUBADDRESS_DELIMITER);
    if (delimiter > 0) local = local.slice(0, delimiter);
    const provider = DOT_INSENSITIVE_DOMAINS.get(domain);
    if (provider !== undefined) {
      local = local.replace(/\./gu, '');
      domain = provider;
    }
    key = `${local}@${domain}`;
  }
  return key.length <= MAX_KEY_LENGTH ? key : `sha256:${crypto.createHash('sha256').update(key).digest('hex')}`;
};
