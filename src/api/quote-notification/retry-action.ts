import { getStrapiService } from '../../utils/strapi-services';

/** Settings → Roles → Settings → "Quote requests": the right to re-queue a failed notification. */
export const RETRY_NOTIFICATION_ACTION = 'api::quote-notification.retry';

/**
 * Registered in register(), before the admin's bootstrap syncs and cleans the permission table, so a
 * role's permission on it survives restarts.
 */
export const registerRetryAction = async (): Promise<void> => {
  const { actionProvider } = getStrapiService('admin::permission');
  await actionProvider.registerMany([
    {
      uid: 'quote-notification.retry',
      displayName: 'Retry failed notifications',
      section: 'settings',
      category: 'quote requests',
      subCategory: 'notifications',
    },
  ]);
};
