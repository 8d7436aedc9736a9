import type { Core } from '@strapi/strapi';
import { getStrapiService } from '../utils/strapi-services';
import { projectStore } from './project-store';

export const DEFAULT_LOCALE = { code: 'fr', name: 'French (fr)' } as const;
export const SECONDARY_LOCALES = [{ code: 'en', name: 'English (en)' }] as const;

/**
 * Makes sure fr and en exist, and makes fr the default once. i18n applies its own default only to an
 * empty locale table (and then picks en), so this runs on every start but only switches the default
 * on the first one: an administrator's later choice is respected.
 */
export const ensureLocales = async (strapi: Core.Strapi): Promise<void> => {
  const locales = getStrapiService('plugin::i18n.locales');

  for (const locale of [DEFAULT_LOCALE, ...SECONDARY_LOCALES]) {
    if (!(await locales.findByCode(locale.code))) {
      await locales.create({ ...locale });
      strapi.log.info(`[locales] created locale ${locale.code}`);
    }
  }

  const store = projectStore(strapi);
  if (!(await store.get('localesInitialised'))) {
    await locales.setDefaultLocale({ code: DEFAULT_LOCALE.code });
    await store.set('localesInitialised', new Date().toISOString());
    strapi.log.info(`[locales] default locale set to ${DEFAULT_LOCALE.code}`);
  }
};
