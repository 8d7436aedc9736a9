import type { Core } from '@strapi/strapi';

interface AdvancedSettings {
  allow_register?: boolean;
}

/**
 * End-user registration follows USERS_REGISTRATION_ENABLED (default off) at every start: the site has
 * no end-user feature, and an open, auto-confirmed sign-up would hand anyone an Authenticated JWT.
 */
export const applyUsersPermissionsSettings = async (strapi: Core.Strapi): Promise<void> => {
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });
  const advanced = ((await store.get({ key: 'advanced' })) ?? {}) as AdvancedSettings;
  const allowRegister = strapi.config.get<boolean>('security.usersRegistrationEnabled', false) === true;
  if (advanced.allow_register !== allowRegister) {
    await store.set({ key: 'advanced', value: { ...advanced, allow_register: allowRegister } });
    strapi.log.info(`[users-permissions] registration ${allowRegister ? 'enabled' : 'disabled'}`);
  }
};
