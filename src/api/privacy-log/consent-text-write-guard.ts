import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { CONSENT_TEXT_UID } from './constants';
import { consentTextHash } from './services/consent';

const CHANGE_ACTIONS = new Set(['update', 'delete', 'clone', 'publish', 'unpublish', 'discardDraft']);

const invalid = (field: string, message: string): errors.ValidationError =>
  new errors.ValidationError(message, { errors: [{ path: [field], message, name: 'ValidationError' }] });

/**
 * Consent texts are the proof of what each requester agreed to: a request stores the sentence's hash,
 * and this table the sentence for that hash. They are append-only for every role, a Super Admin
 * included: an edited or deleted row would make the stored hashes point at another sentence or at
 * none. Through the Document Service (Content Manager, bulk delete, clone):
 * - update, delete, clone: 403;
 * - create (a role holding the create permission): the hash is the application's, SHA-256 of the
 *   text, so a row can never claim a hash its sentence does not have (a different `hash` answers 400;
 *   a sentence already stored answers 400, the hash being unique); `firstVersion` (the overview
 *   publication that first showed it) is recorded by the application only (400 when given).
 * The application stores the sentences itself, through the query engine (services/consent.ts).
 */
export const registerConsentTextWriteGuard = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== CONSENT_TEXT_UID) return next();
    if (CHANGE_ACTIONS.has(context.action)) {
      throw new errors.ForbiddenError('Consent texts are never changed or deleted: a new wording is a new text');
    }
    if (context.action === 'create') {
      const params = context.params as { data?: Record<string, unknown> };
      const data = params.data ?? {};
      const { text, hash, firstVersion } = data;
      if (typeof text !== 'string' || text.trim() === '') throw invalid('text', 'text is required');
      const expected = consentTextHash(text);
      if (hash !== undefined && hash !== null && hash !== '' && hash !== expected) {
        throw invalid('hash', 'hash must be the SHA-256 of the text (leave it empty: it is computed)');
      }
      if (firstVersion !== undefined && firstVersion !== null && firstVersion !== '') {
        throw invalid(
          'firstVersion',
          'firstVersion is recorded by the application when a published page shows the text'
        );
      }
      params.data = { ...data, hash: expected, firstVersion: null };
    }
    return next();
  });
};
