import { getStrapiService } from '../../utils/strapi-services';

/**
 * Settings → Roles → Settings → "Quote requests": the right to see the sales desk's dashboard (the admin
 * home page widget and GET /api/quote-requests/dashboard). Granted to the Sales role at start; Super
 * Admins hold every action; Editor and Author do not get it.
 */
export const DASHBOARD_ACTION = 'api::sales-desk.dashboard';

/** Registered in register(), before the admin's bootstrap syncs the permission table (as the retry action). */
export const registerDashboardAction = async (): Promise<void> => {
  const { actionProvider } = getStrapiService('admin::permission');
  await actionProvider.registerMany([
    {
      uid: 'sales-desk.dashboard',
      displayName: 'See the sales desk dashboard',
      section: 'settings',
      category: 'quote requests',
      subCategory: 'sales desk',
    },
  ]);
};
