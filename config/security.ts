import type { Core } from '@strapi/strapi';
import { DEFAULT_UPLOAD_ALLOWED_TYPES, parseAllowedUploadTypes } from '../src/uploads/upload-policy';

/** Access settings applied at every start (src/bootstrap/users-permissions.ts). */
const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  // End-user sign-up at /api/auth/local/register: off unless the site really has end users.
  usersRegistrationEnabled: env.bool('USERS_REGISTRATION_ENABLED', false),
  // What the media library accepts, by content (src/uploads/upload-policy.ts). A type that cannot be
  // recognised by its bytes (SVG, HTML) stops the start with an error.
  uploadAllowedTypes: parseAllowedUploadTypes(env('UPLOAD_ALLOWED_TYPES', DEFAULT_UPLOAD_ALLOWED_TYPES)),
});

export default config;
