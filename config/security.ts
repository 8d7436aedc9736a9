import type { Core } from '@strapi/strapi';

/** Access settings applied at every start (src/bootstrap/users-permissions.ts). */
const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  // End-user sign-up at /api/auth/local/register: off unless the site really has end users.
  usersRegistrationEnabled: env.bool('USERS_REGISTRATION_ENABLED', false),
});

export default config;
