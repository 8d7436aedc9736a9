import type { Core } from '@strapi/strapi';
import { isUnder, routePath } from '../utils/route-path';

/**
 * The HTTP access log, in the line format of Strapi's own `strapi::logger` (`GET /path (12 ms) 200`),
 * which it replaces: that one writes `ctx.url` as sent, and URLs carry secrets and personal data
 * (`/example/?previewToken=eyJ…`, `/api/quote-requests/export?filters[email][$eq]=eve@example.org`, the
 * Content Manager's search `?_q=Eve%20Adams`). Logs are kept longer and read by more people than the
 * data they describe, so the line keeps what an operator needs (method, path, parameter names, duration,
 * status) and loses the rest:
 *
 * - query values are kept only on the public content API (`/api/…` reads, GraphQL, `/_health`), where
 *   they are the frontend's `locale`, `populate`, `filters` of published content; everywhere else (the
 *   example frontend and its preview links, the admin, the Content Manager and every admin plugin, quote
 *   requests, users-permissions' auth routes, static files) each value becomes `[redacted]`. This is an
 *   allow-list, so a route added later is redacted until someone decides otherwise;
 * - on the public paths too, parameters named like a credential (`token`, `previewToken`, `access_token`,
 *   `password`, `secret`, `code`…) are redacted;
 * - an e-mail address anywhere in the URL (path or query, `@` or `%40`) is redacted.
 *
 * Paths are compared the way the router matches them (case-insensitive, trailing slash ignored, and
 * percent-decoded), so `/API/Quote-Requests/Export/` is redacted like `/api/quote-requests/export`.
 */
export const REDACTED = '[redacted]';
const REDACTED_EMAIL = '[redacted-email]';

/** Under /api, the routes whose parameters are not public content queries. */
const PRIVATE_API_PREFIXES = ['/api/quote-requests', '/api/auth', '/api/connect', '/api/users'];
/** Parameter names that hold a credential, on any path. */
const CREDENTIAL_PARAMETER = /token|password|passwd|secret|signature|^code$|^confirmation$|^key$|apikey|api_key/i;
/** Characters an address can hold in a URL: anything but its separators and white space. */
const SEPARATOR = /[/?&=#;,\s]/;
const isAddressChar = (char: string): boolean => !SEPARATOR.test(char);

/**
 * Redacts something with an at sign (raw or percent-encoded) between two runs of characters that can
 * appear in an address: over-matching a URL segment that merely contains `@` is the safe side of the
 * trade. A scan in linear time: the regular expression it replaces backtracked over every run without an
 * at sign, quadratic in its length (a GraphQL GET's 1.5 kB query cost more than the request).
 */
export const redactEmails = (text: string): string => {
  const lower = text.toLowerCase();
  if (!lower.includes('@') && !lower.includes('%40')) return text;
  let out = '';
  let copied = 0;
  let position = 0;
  while (position < text.length) {
    const raw = text.indexOf('@', position);
    const encoded = lower.indexOf('%40', position);
    if (raw === -1 && encoded === -1) break;
    const at = encoded === -1 || (raw !== -1 && raw < encoded) ? raw : encoded;
    const length = at === raw ? 1 : 3;
    let start = at;
    while (start > copied && isAddressChar(text[start - 1])) start -= 1;
    let end = at + length;
    while (end < text.length && isAddressChar(text[end])) end += 1;
    if (start < at && end > at + length) {
      out += `${text.slice(copied, start)}${REDACTED_EMAIL}`;
      copied = end;
    }
    position = Math.max(end, at + length);
  }
  return out + text.slice(copied);
};

const decodedPath = (path: string): string | undefined => {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
};

/** Whether the values of this path's query string may be logged (see the file comment). */
export const hasPublicQuery = (rawPath: string, graphqlEndpoint = '/graphql'): boolean => {
  const decoded = decodedPath(rawPath);
  // A path the router could not decode either: nothing to gain from logging its values.
  if (decoded === undefined) return false;
  const route = routePath(decoded);
  if (route === routePath(graphqlEndpoint) || route === '/_health') return true;
  if (!isUnder(route, '/api')) return false;
  return !PRIVATE_API_PREFIXES.some((prefix) => route === prefix || route.startsWith(prefix));
};

const parameterName = (pair: string): string => {
  const name = pair.split('=')[0];
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
};

/** The URL as the access log may show it. */
export const redactUrlForLog = (url: string, graphqlEndpoint = '/graphql'): string => {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? undefined : url.slice(queryStart + 1);
  const keepValues = hasPublicQuery(path, graphqlEndpoint);
  const redactedPath = redactEmails(path);
  if (query === undefined) return redactedPath;
  const redactedQuery = query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return redactEmails(pair);
      const name = pair.slice(0, equals);
      if (!keepValues || CREDENTIAL_PARAMETER.test(parameterName(pair))) {
        return `${redactEmails(name)}=${REDACTED}`;
      }
      return redactEmails(pair);
    })
    .join('&');
  return `${redactedPath}?${redactedQuery}`;
};

const accessLog: Core.MiddlewareFactory = (_config, { strapi }) => {
  const graphqlEndpoint = String(strapi.config.get('plugin::graphql.endpoint', '/graphql'));
  return async (ctx, next) => {
    const start = Date.now();
    // The URL the client sent: a later middleware may rewrite ctx.url (static files), not what to redact.
    const url = ctx.originalUrl;
    await next();
    const delta = Math.ceil(Date.now() - start);
    strapi.log.http(`${ctx.method} ${redactUrlForLog(url, graphqlEndpoint)} (${delta} ms) ${ctx.status}`);
  };
};

export default accessLog;
