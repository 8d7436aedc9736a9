/**
 * One Strapi boot for every integration suite: each *.suite.ts registers its describe blocks here.
 * Booting per file would cost a compile and a migration run each time.
 */
import { setupStrapi, teardownStrapi } from '../helpers/strapi';

beforeAll(async () => {
  await setupStrapi();
});

afterAll(async () => {
  await teardownStrapi();
});

require('./content-reads.suite');
