import type { StrapiApp } from '@strapi/strapi/admin';

type AppMiddleware = StrapiApp['middlewares'][number];

/** RTK Query's action for a hand-made change to a cached answer (`updateQueryData` and its undo). */
const PATCH_ACTION_SUFFIX = '/queries/queryResultPatched';
/** The cache of the edit view's document: its entries' keys are `getDocument({...})`. */
const DOCUMENT_CACHE_KEY_PREFIX = 'getDocument(';

const isDocumentCachePatch = (action: unknown): boolean => {
  if (!action || typeof action !== 'object' || !('type' in action) || !('payload' in action)) return false;
  const { type, payload } = action;
  if (typeof type !== 'string' || !type.endsWith(PATCH_ACTION_SUFFIX)) return false;
  if (!payload || typeof payload !== 'object' || !('queryCacheKey' in payload)) return false;
  return typeof payload.queryCacheKey === 'string' && payload.queryCacheKey.startsWith(DOCUMENT_CACHE_KEY_PREFIX);
};

/**
 * A refused save keeps the form. The Content Manager (5.54) writes what is being saved into its cached
 * copy of the document before the server answers, and takes it back when the server refuses; the edit
 * view's form follows its cached document, so the take-back replaced every typed value with the stored
 * ones (valid fields included) and greyed out Save, leaving only the error. Without the early write the
 * form keeps what was typed on a 400, with the error under its field; after a save the document is
 * fetched again (the mutation invalidates it), so the form still shows what the server stored.
 *
 * The early write (`updateDocument`'s `updateQueryData('getDocument', …)`) and its take-back are the only
 * changes made by hand to that cache: both are dropped, so the cache only ever holds server answers.
 */
export const keepFormOnRefusedSave: AppMiddleware = () => () => (next) => (action) =>
  isDocumentCachePatch(action) ? action : next(action);
