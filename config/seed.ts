import path from 'path';
import type { Core } from '@strapi/strapi';

/** The versioned seed content (database/seed/) and whether the first start imports it. */
const config = ({ env }: Core.Config.Shared.ConfigParams) => ({
  onStart: env.bool('SEED_ON_START', true),
  // Resolved from the project root, so it works from src/ and from dist/.
  dir: path.resolve(process.cwd(), env('SEED_DIR', path.join('database', 'seed'))),
  // The Site's contact address on the first start (confirmations come from it, replies go to it); empty:
  // none, and the Site's edit view says what to set.
  siteContactEmail: env('SITE_CONTACT_EMAIL', '').trim(),
});

export default config;
