export const SALES_DESK_UID = 'api::sales-desk.sales-desk';

/** Below this many answered requests a median or a rate says more about chance than about the desk. */
export const MIN_PUBLIC_SAMPLE = 10;
/** The public promise is measured over the last 90 days; the admin dashboard over the last 30. */
export const PUBLIC_STATS_WINDOW_DAYS = 90;
export const DASHBOARD_WINDOW_DAYS = 30;
/** Requests reminded per claim transaction. */
export const REMINDER_BATCH_SIZE = 100;
