import type { Core } from '@strapi/strapi';

/** First-run flags and versions of this project, kept in Strapi's core store (strapi_core_store_settings). */
export const projectStore = (strapi: Core.Strapi) => {
  const store = strapi.store({ type: 'core', name: 'outsourcing-cms' });
  return {
    get: (key: string): Promise<unknown> => store.get({ key }),
    set: (key: string, value: unknown): Promise<void> => store.set({ key, value }),
  };
};
