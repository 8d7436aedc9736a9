/**
 * Strapi 5.54 shows a "new Media Library" announcement (English only, a link to Strapi's blog) above every
 * admin page until each browser dismisses it. It is Strapi's news, not this site's: dismissed up front.
 * Strapi scopes the dismissal by its instance id from /admin/init, which this app keeps unset (`uuid:
 * false` in package.json): the keys below are the two it reads (before and after /admin/init answers),
 * for both of its messages.
 */
const BANNER_KEYS = [true, false].flatMap((legacy) =>
  ['false', 'undefined'].map((scope) => `STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_${String(legacy)}:${scope}`)
);

export const dismissMediaLibraryAnnouncement = (storage: Storage = window.localStorage): void => {
  try {
    for (const key of BANNER_KEYS) if (storage.getItem(key) === null) storage.setItem(key, 'true');
  } catch {
    // Storage refused (private mode): the announcement shows, as it would without this app.
  }
};
