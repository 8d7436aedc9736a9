import fs from 'fs';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';
import type { Context } from 'koa';
import { SUBMISSION_BODY_LIMIT_BYTES, SUBMISSION_PATH } from '../api/quote-request/constants';
import { adminSessionStrategy } from '../api/quote-request/auth/admin-session-strategy';
import { MAX_BODY_DEPTH, nestsDeeperThan } from '../utils/body-depth';
import { isUnder, routePath } from '../utils/route-path';
import { getStrapiService } from '../utils/strapi-services';
import { quoteSettings } from '../api/quote-request/settings';

/**
 * What a request body may be, checked before strapi::body buffers or writes anything. Paths are
 * compared the way the router matches them (case-insensitive, trailing slash ignored).
 *
 * - Public JSON endpoints (the quote submission, GraphQL): a declared Content-Length (411) of at most
 *   64 KB (413), no Content-Encoding but identity (415: a 1 KB gzip body can inflate to megabytes), and
 *   JSON for the submission (415).
 * - Every other content-API route (users-permissions' /api/auth/* included), decided by the routes the
 *   content API's router holds (so in every spelling it matches): the same limits on any body it is
 *   sent; a request without a body passes.
 * - All of those, once strapi::body has parsed them (global::request-body-depth, right after it): at
 *   most MAX_BODY_DEPTH levels of nested objects and arrays (400), walked no further than that. Deeper
 *   bodies overflowed the stack of the code that read or formatted them (a 500).
 * - A quote submission may also be multipart/form-data (files attached): a declared Content-Length of at
 *   most QUOTE_ATTACHMENTS_MAX files of QUOTE_ATTACHMENT_MAX_BYTES plus the JSON's 64 KB (413), read by
 *   global::quote-attachments-body.
 * - multipart/form-data otherwise only on the upload plugin's routes, with valid credentials (401): anywhere else koa-body
 *   would write the files to the temp folder before any route or permission is checked (415). Every
 *   temp file of a multipart request is removed when the request ends, whatever its field name.
 */
const ADMIN_UPLOAD_ROUTE = '/upload';
const CONTENT_API_UPLOAD_ROUTE = '/api/upload';

const bearer = (ctx: Context): string | undefined => /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];

/**
 * Whether the request carries credentials Strapi will accept, checked before any byte of a multipart
 * body is parsed: an admin session for the admin's upload route; an API token or an end-user JWT for
 * the content API's. (The router authenticates again afterwards; this only decides whether parsing,
 * which writes files to disk, may start.)
 */
const hasUploadCredentials = async (strapi: Core.Strapi, ctx: Context, path: string): Promise<boolean> => {
  const token = bearer(ctx);
  if (!token) return false;
  if (isUnder(path, ADMIN_UPLOAD_ROUTE)) {
    return (await adminSessionStrategy.authenticate(ctx)).authenticated;
  }
  const apiTokens = getStrapiService('admin::api-token-content-api');
  const apiToken = await apiTokens.getByAccessKey(apiTokens.hash(token));
  if (apiToken && (!apiToken.expiresAt || new Date(apiToken.expiresAt) > new Date())) return true;
  try {
    const payload = await getStrapiService('plugin::users-permissions.jwt').getToken(ctx);
    return payload?.id !== undefined;
  } catch {
    // An unverifiable JWT is simply not a credential; the request is refused below.
    return false;
  }
};

interface UploadedFile {
  filepath?: string;
}

const removeTempFiles = (ctx: Context): void => {
  const files = (ctx.request as { files?: Record<string, UploadedFile | UploadedFile[]> }).files;
  if (!files) return;
  for (const entry of Object.values(files)) {
    for (const file of Array.isArray(entry) ? entry : [entry]) {
      if (file?.filepath) fs.rm(file.filepath, { force: true }, () => undefined);
    }
  }
};

const requireSmallIdentityBody = (ctx: Context, limit = SUBMISSION_BODY_LIMIT_BYTES): void => {
  const encoding = ctx.get('content-encoding').trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw createHttpError(415, 'Content-Encoding is not supported: send the body uncompressed');
  }
  const declared = ctx.get('content-length');
  if (!declared) throw createHttpError(411, 'A Content-Length header is required');
  const length = Number(declared);
  if (!/^\d+$/.test(declared.trim()) || !Number.isSafeInteger(length)) {
    throw createHttpError(400, 'Invalid Content-Length header');
  }
  if (length > limit) {
    throw new errors.PayloadTooLargeError(`Request body exceeds ${limit} bytes`, { limit });
  }
};

/** Requests whose parsed body global::request-body-depth checks: the ones this guard let through. */
const bodiesToCheck = new WeakSet<object>();

/** Refuses (400) the parsed body of a request the guard marked, when it nests deeper than MAX_BODY_DEPTH. */
export const assertBodyDepth = (ctx: Context): void => {
  if (!bodiesToCheck.has(ctx)) return;
  const { body } = ctx.request as { body?: unknown };
  if (nestsDeeperThan(body, MAX_BODY_DEPTH)) {
    throw new errors.ValidationError(`Request body nests deeper than ${MAX_BODY_DEPTH} levels`, {
      limit: MAX_BODY_DEPTH,
    });
  }
};

/** Whether a request carries a body at all (a declared non-zero length, or chunks). */
const sendsBody = (ctx: Context): boolean => {
  if (ctx.get('transfer-encoding')) return true;
  const declared = ctx.get('content-length').trim();
  return declared !== '' && declared !== '0';
};

interface RouteLayer {
  methods: string[];
  match(path: string): boolean;
}

const requestBodyGuard: Core.MiddlewareFactory = (_config, { strapi }) => {
  const graphqlEndpoint = routePath(String(strapi.config.get('plugin::graphql.endpoint', '/graphql')));
  const submissionPath = routePath(SUBMISSION_PATH);
  const attachments = quoteSettings(strapi).attachments;
  // The files at their limit, the JSON at its own, and room for the parts' headers (a file name each).
  const multipartSubmissionLimit =
    attachments.maxCount * attachments.maxBytes + SUBMISSION_BODY_LIMIT_BYTES + (attachments.maxCount + 1) * 4096;
  // The content API's own router decides which route a request reaches (case-insensitive, optional
  // trailing slash, its prefix included): the same layers decide here. Read on each request, as
  // plugins may add routes until the server starts.
  const isContentApiRoute = (ctx: Context): boolean =>
    (strapi.server.api('content-api').listRoutes() as RouteLayer[]).some(
      (layer) => layer.methods.includes(ctx.method) && layer.match(ctx.path)
    );

  return async (ctx, next) => {
    const path = routePath(ctx.path);
    const hasBody = ctx.method !== 'GET' && ctx.method !== 'HEAD' && ctx.method !== 'OPTIONS';

    const isSubmission = hasBody && ctx.method === 'POST' && path === submissionPath;
    if (isSubmission && ctx.is('multipart/form-data')) {
      // Files attached to a quote request (global::quote-attachments-body reads them, each within its limit).
      requireSmallIdentityBody(ctx, multipartSubmissionLimit);
      bodiesToCheck.add(ctx);
      await next();
      return;
    }
    if (isSubmission) {
      requireSmallIdentityBody(ctx);
      if (!ctx.is('application/json')) {
        throw createHttpError(415, 'Content-Type must be application/json or multipart/form-data');
      }
      bodiesToCheck.add(ctx);
    } else if (hasBody && path === graphqlEndpoint) {
      requireSmallIdentityBody(ctx);
      bodiesToCheck.add(ctx);
    } else if (hasBody && !ctx.is('multipart') && sendsBody(ctx) && isContentApiRoute(ctx)) {
      requireSmallIdentityBody(ctx);
      bodiesToCheck.add(ctx);
    }

    if (ctx.is('multipart')) {
      if (!isUnder(path, ADMIN_UPLOAD_ROUTE) && !isUnder(path, CONTENT_API_UPLOAD_ROUTE)) {
        throw createHttpError(415, 'multipart/form-data is only accepted by the upload routes');
      }
      if (!(await hasUploadCredentials(strapi, ctx, path))) {
        throw createHttpError(401, 'Uploading requires valid credentials');
      }
      try {
        await next();
      } finally {
        removeTempFiles(ctx);
      }
      return;
    }
    await next();
  };
};

export default requestBodyGuard;
