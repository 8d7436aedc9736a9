import type { Core } from '@strapi/strapi';

/** The admin interface languages this project ships (English is Strapi's own; French from src/admin/app.tsx). */
export const ADMIN_LOCALES = ['fr', 'en'] as const;
export type AdminLocale = (typeof ADMIN_LOCALES)[number];

const ADMIN_USER_UID = 'admin::user';

/** ADMIN_DEFAULT_LOCALE, read by config/admin.ts. */
export const adminDefaultLocale = (strapi: Core.Strapi): AdminLocale => {
  const configured: unknown = strapi.config.get('admin.interfaceDefaultLocale', 'fr');
  const locale = ADMIN_LOCALES.find((code) => code === configured);
  if (!locale) throw new Error(`ADMIN_DEFAULT_LOCALE must be one of ${ADMIN_LOCALES.join(', ')}`);
  return locale;
};

const hasNoLanguage = (value: unknown): boolean => value === undefined || value === null || value === '';

/**
 * The admin picks its interface language from the signed-in user's `preferedLanguage` (Strapi's
 * spelling), falling back to the browser's last choice, then English. A user created without one (the
 * first administrator's sign-up, an invitation, the CLI) gets ADMIN_DEFAULT_LOCALE; each user can still
 * change it under Profile → Interface language.
 */
export const registerAdminLanguageDefault = (strapi: Core.Strapi): void => {
  const locale = adminDefaultLocale(strapi);
  strapi.db.lifecycles.subscribe({
    models: [ADMIN_USER_UID],
    beforeCreate(event) {
      const data: unknown = event.params.data;
      if (data && typeof data === 'object' && 'preferedLanguage' in data && !hasNoLanguage(data.preferedLanguage)) {
        return;
      }
      if (data && typeof data === 'object') Object.assign(data, { preferedLanguage: locale });
    },
  });
};

/** At start: the users created before (or without) the hook above get the default too. */
export const applyAdminLanguageDefault = async (strapi: Core.Strapi): Promise<number> => {
  const { count } = await strapi.db.query(ADMIN_USER_UID).updateMany({
    where: { $or: [{ preferedLanguage: { $null: true } }, { preferedLanguage: '' }] },
    data: { preferedLanguage: adminDefaultLocale(strapi) },
  });
  if (count > 0)
    strapi.log.info(`[admin] interface language ${adminDefaultLocale(strapi)} given to ${count} admin user(s)`);
  return count;
};
