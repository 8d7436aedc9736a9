import type { StrapiApp } from '@strapi/strapi/admin';

type AppMiddleware = StrapiApp['middlewares'][number];

/** What `GET /upload/settings` asks of the admin user (the route's policy); it also allows changing them. */
const SETTINGS_READ = 'plugin::upload.settings.read';
const SETTINGS_PATH = /\/upload\/settings\/?$/i;

/**
 * Whether the signed-in user may read the media library's settings, from the permissions the admin loads
 * at sign-in (`getMyPermissions`); unknown until they arrive.
 */
let maySeeSettings: boolean | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Notes, from the answer to `GET /admin/users/me/permissions`, whether the user holds SETTINGS_READ. */
export const rememberUploadSettingsPermission: AppMiddleware = () => () => (next) => (action) => {
  if (typeof action.type === 'string' && action.type.endsWith('/executeQuery/fulfilled')) {
    const meta: unknown = action.meta;
    const answer: unknown = action.payload;
    const arg = isRecord(meta) && isRecord(meta.arg) ? meta.arg : undefined;
    if (arg?.endpointName === 'getMyPermissions' && Array.isArray(answer))
      maySeeSettings = answer.some((permission) => isRecord(permission) && permission.action === SETTINGS_READ);
  }
  return next(action);
};

const requestOf = (input: RequestInfo | URL, init?: RequestInit): { method: string; path: string } => {
  const url = input instanceof Request ? input.url : String(input);
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  try {
    return { method, path: new URL(url, window.location.href).pathname };
  } catch {
    return { method, path: url };
  }
};

/**
 * The media library's dialogs (Strapi 5.54's upload `useTracking`, under every upload, folder and search
 * dialog) read `GET /upload/settings` for a usage-statistics flag, whoever opens them; the route asks for
 * the settings permission, which Editors and Authors rightly lack: it also lets its holder change the
 * settings (`PUT /upload/settings` asks for the same action). So each dialog they opened cost a 403 and a
 * console error. This install sends no usage statistics (`telemetryDisabled`), and the flag is the only
 * thing read from that answer there: for a user known not to hold the permission, the admin does not ask
 * and reads "no settings" instead. No permission is granted; the server still refuses the request, and a
 * user whose permissions are not known yet asks the server as before.
 */
export const skipRefusedUploadSettings = (): void => {
  const send = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (maySeeSettings === false) {
      const { method, path } = requestOf(input, init);
      if (method === 'GET' && SETTINGS_PATH.test(path))
        return Promise.resolve(
          new Response(JSON.stringify({ data: {} }), { status: 200, headers: { 'Content-Type': 'application/json' } })
        );
    }
    return send(input, init);
  };
};
