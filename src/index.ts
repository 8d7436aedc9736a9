import type { Core } from '@strapi/strapi';
import { ensureLocales } from './bootstrap/locales';
import { grantPublicReadPermissions } from './bootstrap/public-permissions';
import { importSeedOnFirstRun } from './bootstrap/seed/import-seed';

export default {
  register(/* { strapi }: { strapi: Core.Strapi } */) {},

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await ensureLocales(strapi);
    await grantPublicReadPermissions(strapi);
    if (process.env.SEED_ON_START !== 'false') {
      await importSeedOnFirstRun(strapi);
    }
  },
};
