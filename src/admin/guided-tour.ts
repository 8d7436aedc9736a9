/** Where Strapi's admin keeps the guided tour's state (its "Skip all tours" writes `enabled: false` there). */
const GUIDED_TOUR_STORAGE_KEY = 'STRAPI_GUIDED_TOUR';

/**
 * Turns Strapi's guided tour off for this browser, as "Skip all tours" would: its popover otherwise
 * opens on every Content Manager page for editors who know their way around already. The rest of the
 * stored state (completed steps) is kept; Strapi fills in what is missing.
 */
export const disableGuidedTour = (storage: Storage = window.localStorage): void => {
  let state: Record<string, unknown> = {};
  try {
    const stored: unknown = JSON.parse(storage.getItem(GUIDED_TOUR_STORAGE_KEY) ?? '{}');
    if (stored && typeof stored === 'object' && !Array.isArray(stored)) state = stored as Record<string, unknown>;
  } catch {
    // Unreadable state: Strapi would start afresh too.
  }
  if (state.enabled === false) return;
  storage.setItem(GUIDED_TOUR_STORAGE_KEY, JSON.stringify({ ...state, enabled: false }));
};
