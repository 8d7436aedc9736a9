import { getStrapi, httpServer } from './strapi';

/** An admin role's code: Strapi's `strapi-super-admin`, `strapi-editor`, `strapi-author`, the app's `sales`, or a custom one. */
export type AdminRoleCode = string;

interface RoleRow {
  id: number;
}

interface AdminPermission {
  action: string;
  subject?: string | null;
  properties?: { fields?: string[]; locales?: string[] };
  conditions?: string[];
}

const PASSWORD = 'Adm1n-Passw0rd!';

/** A custom admin role with exactly these permissions (Settings → Roles, as an administrator would make it). */
export const createAdminRole = async (name: string, permissions: AdminPermission[]): Promise<string> => {
  const roles = getStrapi().service('admin::role') as unknown as {
    create(attributes: { name: string; code: string; description: string }): Promise<{ id: number; code: string }>;
    assignPermissions(roleId: number, permissions: AdminPermission[]): Promise<unknown>;
  };
  const code = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Math.random().toString(36).slice(2, 6)}`;
  const role = await roles.create({ name: `${name} ${code}`, code, description: name });
  await roles.assignPermissions(role.id, permissions);
  return code;
};

/** Creates an active admin user with the given role, signs in through /admin/login, returns its access token. */
export const adminToken = async (roleCode: AdminRoleCode): Promise<string> => {
  const strapi = getStrapi();
  const role = (await strapi.db.query('admin::role').findOne({ where: { code: roleCode } })) as RoleRow | null;
  if (!role) throw new Error(`admin role ${roleCode} not found`);
  const email = `${roleCode}.${Math.random().toString(36).slice(2, 8)}@rouge-hexagone.test`;
  await (strapi.service('admin::user') as unknown as { create(u: Record<string, unknown>): Promise<unknown> }).create({
    firstname: 'Test',
    lastname: roleCode,
    email,
    password: PASSWORD,
    isActive: true,
    roles: [role.id],
  });
  const res = await fetch(`${httpServer()}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`admin login for ${roleCode} answered ${res.status}`);
  const body = (await res.json()) as { data: { token: string } };
  return body.data.token;
};

/** A content-API token (Settings → API Tokens) of the given type. */
export const apiToken = async (type: 'read-only' | 'full-access'): Promise<string> => {
  const tokens = getStrapi().service('admin::api-token') as unknown as {
    create(attributes: Record<string, unknown>): Promise<{ accessKey: string }>;
  };
  const created = await tokens.create({
    name: `test ${type} ${Math.random().toString(36).slice(2, 8)}`,
    type,
    lifespan: null,
  });
  return created.accessKey;
};
