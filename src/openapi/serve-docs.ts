import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

/** Where the committed contract is served when API_DOCS_ENABLED is on (config/api-docs.ts). */
export const API_DOCS_ROUTES = [
  { path: '/api-docs/openapi.json', file: 'docs/openapi.json', type: 'application/json; charset=utf-8' },
  { path: '/api-docs/schema.graphql', file: 'docs/schema.graphql', type: 'text/plain; charset=utf-8' },
] as const;

/**
 * Serves docs/openapi.json and docs/schema.graphql as they are committed (GET and HEAD only, read once at
 * start), so what a frontend developer downloads is exactly what CI checked against the code. No admin
 * route, no permission, nothing about drafts: the documentation plugin itself is never loaded at run time.
 */
export const serveApiDocs = (strapi: Core.Strapi): void => {
  if (!strapi.config.get<boolean>('api-docs.enabled', false)) return;
  const routes = API_DOCS_ROUTES.flatMap(({ path: routePath, file, type }) => {
    const absolute = path.join(strapi.dirs.app.root, file);
    if (!fs.existsSync(absolute)) {
      strapi.log.warn(`[api-docs] ${file} is missing: ${routePath} is not served`);
      return [];
    }
    const body = fs.readFileSync(absolute);
    const etag = `"${crypto.createHash('sha1').update(body).digest('base64url')}"`;
    const handler = (ctx: Context) => {
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.set('ETag', etag);
      ctx.type = type;
      if (ctx.get('if-none-match') === etag) {
        ctx.status = 304;
        return;
      }
      ctx.body = body;
    };
    return [{ method: 'GET' as const, path: routePath, handler, config: { auth: false as const } }];
  });
  strapi.server.routes(routes);
};
