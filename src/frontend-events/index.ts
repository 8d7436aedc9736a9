import type { Core } from '@strapi/strapi';
import { publishedDependents, type DocumentRef } from '../features/site-content/published-relations';
import { dependentEventsFor, eventKindOf, eventsFor } from './event-payload';
import { signedEvents } from '../signed-events';
import { frontendView, type FrontendEventOutbox } from './outbox';
import { frontendEventSettings } from './settings';
import { siteContentType } from './site-content';

/**
 * Publish events for frontends: with FRONTEND_REVALIDATE_URL set, each publish, unpublish and delete of
 * site content (and each write of the Site single type, which has no draft) is stored as an event in the
 * same transaction (a Document Service middleware, so the admin, the API and scripts are all covered),
 * and POSTed, signed, by the application's signed-event outbox (src/signed-events), receiver `frontend`.
 * Strapi's own webhooks (Settings → Webhooks) are untouched and keep their own targets.
 */
export const frontendEvents = (strapi: Core.Strapi): FrontendEventOutbox => frontendView(signedEvents(strapi));

/** The start's warning for a secret of the previous release (never the secret itself). */
export const warnOfLegacySecret = (strapi: Core.Strapi, settings: ReturnType<typeof frontendEventSettings>): void => {
  if (!settings.url || !settings.signing.legacy) return;
  strapi.log.warn(
    '[frontend-events] FRONTEND_REVALIDATE_SECRET is not in whsec_ form: its bytes are used as the signing key for this release only. ' +
      'Set it to whsec_ followed by the base64 of the same secret (the same key: receivers keep verifying), or to a new whsec_ secret; ' +
      'a secret without whsec_ will stop the start in the next release.'
  );
};

/** register(): checks the settings (a bad URL or a missing secret stops the start) and catches the writes. */
export const registerFrontendEvents = (strapi: Core.Strapi): void => {
  const settings = frontendEventSettings(strapi);
  if (!settings.url) return;
  warnOfLegacySecret(strapi, settings);
  strapi.documents.use(async (context, next) => {
    const type = siteContentType(context.uid);
    const kind = type && eventKindOf(type, context.action, context.params as { status?: unknown } | undefined);
    if (!type || !kind) return next();
    const params = (context.params ?? {}) as { documentId?: unknown; locale?: unknown };
    // The published documents that list this one (the overview of a category) change with it: those that
    // listed it before (an unpublish or delete removes it from them) and after (a publish adds it back).
    const dependents = async (): Promise<DocumentRef[]> =>
      type.draftAndPublish && typeof params.documentId === 'string'
        ? publishedDependents(strapi, context.uid, params.documentId, params.locale)
        : [];
    // One transaction: the change and its events are committed together (Strapi's own transaction joins it).
    return strapi.db.transaction(async () => {
      const before = await dependents();
      const result = await next();
      const events = eventsFor(type, kind, result, settings.publicUrl);
      const after = await dependents();
      // A draft-only delete or an unpublish of nothing changed no public answer: no event for its dependents either.
      if (events.length > 0) events.push(...dependentEventsFor([...before, ...after], settings.publicUrl));
      await frontendEvents(strapi).enqueue(events);
      return result;
    });
  });
};
