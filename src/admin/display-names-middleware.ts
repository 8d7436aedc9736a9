import type { StrapiApp } from '@strapi/strapi/admin';
import { isRecord, languageOf, relabelAnswer, type Language } from './display-names';

type AppMiddleware = StrapiApp['middlewares'][number];

/** RTK Query's action for a query's answer. */
const FULFILLED = '/executeQuery/fulfilled';

interface QueryArg {
  endpointName?: unknown;
  originalArgs?: unknown;
}

/** The interface language, from Strapi's admin state (`admin_app.language.locale`). */
const interfaceLanguage = (state: unknown): Language => {
  const app = isRecord(state) ? state.admin_app : undefined;
  const language = isRecord(app) ? app.language : undefined;
  return languageOf(isRecord(language) ? language.locale : undefined);
};

/** Relabels the names in the answers the admin caches, as they arrive (./display-names.ts says which and why). */
export const localiseDisplayNames: AppMiddleware = () => (store) => (next) => (action) => {
  if (typeof action.type !== 'string' || !action.type.endsWith(FULFILLED)) return next(action);
  const meta: unknown = action.meta;
  if (!isRecord(meta)) return next(action);
  const arg: QueryArg | undefined = isRecord(meta.arg) ? meta.arg : undefined;
  if (typeof arg?.endpointName !== 'string') return next(action);
  const answer: unknown = action.payload;
  const payload = relabelAnswer(arg.endpointName, arg.originalArgs, answer, interfaceLanguage(store.getState()));
  return next(payload === answer ? action : { ...action, payload });
};
