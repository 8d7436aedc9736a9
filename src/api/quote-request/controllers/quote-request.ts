import fs from 'fs/promises';
import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';
import type { Context } from 'koa';
import { getService } from '../../../utils/get-service';
import type { AdminAbility } from '../../../utils/strapi-services';
import { parseExportQuery } from '../validation/export-query';
import { QUOTE_REQUEST_UID, type RequestLocale } from '../constants';
import { privacyExportInWords } from '../../privacy-log/domain/privacy-export-words';
import { assertReadableQuery } from '../../../security/admin-field-reads';
import { countSubmissionAttempt } from '../submission-rate-limit';
import {
  ATTACHMENT_UID,
  attachmentDirs,
  attachmentRowsOf,
  storedPathOf,
  type AttachmentRow,
} from '../attachments/store';
import { uploadedAttachmentsOf } from '../../../middlewares/quote-attachments-body';

const SUPER_ADMIN_ROLE_CODE = 'strapi-super-admin';

interface AdminCredentials {
  id: number;
  roles?: { code?: string }[];
}

/** The admin user behind an admin-session request, when it is a Super Admin (a person's rights are theirs alone). */
const superAdminOf = (ctx: Context): AdminCredentials => {
  const user = (ctx.state.auth as { credentials?: AdminCredentials } | undefined)?.credentials;
  if (!user?.roles?.some((role) => role.code === SUPER_ADMIN_ROLE_CODE)) {
    throw new errors.ForbiddenError('Only a Super Admin may export or erase personal data');
  }
  return user;
};

/** The address of the request named in the path; 404 when there is none, 409 when it was anonymised. */
/** The address of the request the admin is on, and the language its requester wrote in. */
const requesterOf = async (ctx: Context): Promise<{ email: string; language: RequestLocale }> => {
  const param = (ctx.params as { documentId?: unknown }).documentId;
  const documentId = typeof param === 'string' ? param : '';
  const request = (await strapi.db.query(QUOTE_REQUEST_UID).findOne({
    where: { documentId },
    select: ['email', 'anonymizedAt', 'language'],
  })) as { email: string; anonymizedAt: string | null; language: string | null } | null;
  if (!request) throw new errors.NotFoundError('No such quote request');
  if (request.anonymizedAt) {
    throw createHttpError(409, 'This request is anonymised: it holds no personal data any more');
  }
  return { email: request.email, language: request.language === 'en' ? 'en' : 'fr' };
};

const DOCUMENT_ID = /^[a-z0-9]{1,64}$/;

/**
 * The request named in the path, for an admin whose role may read quote requests and their attachments:
 * the Content Manager's permission checker decides, with the role's conditions (on the request's creator)
 * and fields (`attachmentCount`). 403 before anything is looked up for a role that reads no request at
 * all; 404 for a request that does not exist.
 */
const requestWithReadableAttachments = async (ctx: Context): Promise<{ id: number; documentId: string }> => {
  const ability = (ctx.state.auth as { ability?: AdminAbility } | undefined)?.ability;
  const refused = 'Reading quote request attachments is not allowed for your admin role';
  if (!ability) throw new errors.ForbiddenError(refused);
  const checker = getService('quote-export').checkerFor(ability);
  if (checker.cannot.read(undefined, 'attachmentCount')) throw new errors.ForbiddenError(refused);
  const param = (ctx.params as { documentId?: unknown }).documentId;
  const documentId = typeof param === 'string' && DOCUMENT_ID.test(param) ? param : '';
  const request = documentId
    ? ((await strapi.db.query(QUOTE_REQUEST_UID).findOne({
        where: { documentId },
        populate: ['createdBy'],
      })) as ({ id: number; documentId: string } & Record<string, unknown>) | null)
    : null;
  if (!request) throw new errors.NotFoundError('No such quote request');
  if (checker.cannot.read(request, 'attachmentCount')) throw new errors.ForbiddenError(refused);
  return request;
};

/** `filename` (ASCII, for old clients) and `filename*` (RFC 6266 / 8187, the real name). */
const contentDisposition = (name: string): string => {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
};

export default () => ({
  /** Thin: rate limit -> validate -> service -> 201 receipt. */
  async submit(ctx: Context) {
    const quotes = getService('quote-request');
    await countSubmissionAttempt(ctx);

    const input = await quotes.validate(ctx.request.body, ctx.get('accept-language'));
    const receipt = await quotes.submit(input, {
      ip: ctx.request.ip,
      userAgent: ctx.get('user-agent') || undefined,
      idempotencyKey: ctx.get('idempotency-key') || undefined,
      attachments: uploadedAttachmentsOf(ctx),
    });
    ctx.status = 201;
    ctx.body = { data: receipt };
  },

  /**
   * CSV export for admin users, with the Content Manager's permissions (conditions and fields) of their
   * role, streamed: every matching row, in constant memory. No `X-Total-Count` (see the export service).
   */
  async exportCsv(ctx: Context) {
    const ability = (ctx.state.auth as { ability?: AdminAbility } | undefined)?.ability;
    if (!ability) throw new errors.ForbiddenError('Reading quote requests is not allowed for your admin role');
    const exporter = getService('quote-export');
    const checker = exporter.checkerFor(ability);
    if (checker.cannot.read()) {
      throw new errors.ForbiddenError('Reading quote requests is not allowed for your admin role');
    }
    const { separator, format, ...filters } = await parseExportQuery(ctx.query);
    // The list's filters, by the same rule as the Content Manager list: a field the role may not read is refused.
    assertReadableQuery(strapi, ability, QUOTE_REQUEST_UID, { filters: filters.listFilters });
    const { stream } = await exporter.exportCsv(filters, checker, {
      format:
        format === 'excel-fr'
          ? { kind: 'excel-fr', timeZone: (await getService('sales-desk').getDesk()).settings.timeZone }
          : { kind: 'csv', separator },
    });
    stream.once('error', (error: Error) => {
      // Before the first byte Koa still answers 500. After it, the status line is gone: Koa only logs,
      // and the response would end looking complete or hang. Cutting the connection leaves the client
      // an unterminated chunked body (fetch: "terminated", curl: exit 18), never a shorter valid file.
      const cut = ctx.headerSent;
      strapi.log.error(`quote request CSV export failed${cut ? ', download cut off' : ''}: ${error.message}`);
      if (cut) ctx.res.destroy();
    });
    const stamp = new Date().toISOString().slice(0, 10);
    const name = format === 'excel-fr' ? 'demandes-de-devis' : 'quote-requests';
    ctx.set('Content-Disposition', `attachment; filename="${name}-${stamp}.csv"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = stream;
  },

  /** The files attached to a request (name, size, type, and the id its download link names). */
  async listAttachments(ctx: Context) {
    const request = await requestWithReadableAttachments(ctx);
    const rows = await attachmentRowsOf(strapi, [request.id]);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      data: rows.map((row) => ({ id: row.documentId, name: row.fileName, size: Number(row.size), type: row.mime })),
    };
  },

  /**
   * One attached file, as a download that nothing renders or runs: `attachment`, its type as recognised
   * by content, nosniff, and a CSP that allows nothing (should a browser open it anyway).
   */
  async downloadAttachment(ctx: Context) {
    const request = await requestWithReadableAttachments(ctx);
    const param = (ctx.params as { attachmentId?: unknown }).attachmentId;
    const attachmentId = typeof param === 'string' && DOCUMENT_ID.test(param) ? param : '';
    const row = attachmentId
      ? ((await strapi.db.query(ATTACHMENT_UID).findOne({
          where: { documentId: attachmentId, quoteRequestId: request.id },
        })) as AttachmentRow | null)
      : null;
    if (!row) throw new errors.NotFoundError('No such attachment');
    const filePath = storedPathOf(attachmentDirs(strapi), row.storedName);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(filePath, 'r');
    } catch (error) {
      strapi.log.error(
        `[quote] attachment ${row.documentId} of request ${request.documentId} is missing on disk: ${(error as NodeJS.ErrnoException).code ?? 'error'}`
      );
      throw new errors.NotFoundError('No such attachment');
    }
    const { size } = await handle.stat();
    ctx.set('Content-Disposition', contentDisposition(row.fileName));
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Security-Policy', "default-src 'none'; sandbox; frame-ancestors 'none'");
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = row.mime;
    ctx.length = size;
    ctx.body = handle.createReadStream();
  },

  /** Everything held about the address of this request, as a JSON download (recorded in the privacy log). */
  async exportPersonalData(ctx: Context) {
    const admin = superAdminOf(ctx);
    const { email, language } = await requesterOf(ctx);
    const data = await getService('privacy').exportData(email, { kind: 'admin', adminId: admin.id });
    const stamp = new Date().toISOString().slice(0, 10);
    // The file is sent to the person who asked: in their language, values in words, what it holds said.
    const name = language === 'fr' ? 'donnees-personnelles' : 'personal-data';
    ctx.set('Content-Disposition', `attachment; filename="${name}-${stamp}.json"`);
    ctx.set('Cache-Control', 'no-store');
    // Indented: the file is read by a person (the requester who asked, a DPO), not parsed by a program.
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = `${JSON.stringify(privacyExportInWords(data, language), null, 2)}\n`;
  },

  /** Anonymises every request of this request's address (recorded in the privacy log). */
  async erasePersonalData(ctx: Context) {
    const admin = superAdminOf(ctx);
    const email = (await requesterOf(ctx)).email;
    const report = await getService('privacy').erase(email, { kind: 'admin', adminId: admin.id });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: report };
  },
});
