/** Strapi's admin keeps the interface language here (its reducer's LANGUAGE_LOCAL_STORAGE_KEY). */
const LANGUAGE_KEY = 'strapi-admin-language';

/**
 * The install's interface language before anyone signs in: Strapi 5.54 renders the first-admin,
 * sign-in, password and invited user's registration pages in English unless this browser already chose
 * a language, whatever the install. This install speaks French by default (ADMIN_DEFAULT_LOCALE, the
 * language new admin users get), so those pages do too; the language picker on them and each user's
 * *Profile* choice (applied at sign-in) still switch to English. Called in register(), before Strapi
 * creates its store from the stored value.
 */
export const applyInstallLanguageBeforeSignIn = (installLanguage: 'fr' | 'en' = 'fr'): void => {
  try {
    if (!window.localStorage.getItem(LANGUAGE_KEY)) window.localStorage.setItem(LANGUAGE_KEY, installLanguage);
  } catch {
    // Storage refused (private mode, blocked cookies): Strapi falls back to English, as it would anyway.
  }
};
