import type { Context } from 'koa';

/**
 * The parts of Strapi's own (admin, plugin) services this application calls, by UID. Strapi types
 * them as `Core.Service`; these interfaces name the surface we rely on, in one place, so an upgrade that
 * changes one of them is found here.
 */
export interface AdminAbility {
  can(action: string, subject?: unknown, field?: string): boolean;
}

export interface AdminPermission {
  action: string;
  subject?: string | null;
  properties?: { fields?: string[]; locales?: string[] };
  conditions?: string[];
}

export interface ContentManagerPermissionChecker {
  can: { read(entity?: unknown, field?: string): boolean; update(entity?: unknown, field?: string): boolean };
  cannot: { read(entity?: unknown, field?: string): boolean };
  requiresEntity: { read(): boolean };
  sanitizedQuery: { read(query: Record<string, unknown>): Promise<Record<string, unknown>> };
  sanitizeOutput(data: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface LocaleService {
  findByCode(code: string): Promise<unknown>;
  create(locale: { code: string; name: string }): Promise<unknown>;
  setDefaultLocale(params: { code: string }): Promise<void>;
}

/** A content type's admin view configuration, as the Content Manager stores it. */
export interface ContentManagerConfiguration {
  settings?: Record<string, unknown>;
  metadatas?: Record<string, { edit?: Record<string, unknown>; list?: Record<string, unknown> }>;
  layouts?: { list?: string[]; edit?: { name: string; size: number }[][] };
}

/** The bits of nexus' builders this module uses (the plugin hands them in; nexus is its dependency, not ours). */
export interface NexusDefinitionBlock {
  string(name: string): void;
  boolean(name: string): void;
  int(name: string, config?: { description?: string }): void;
  float(name: string, config?: { description?: string }): void;
  nonNull: {
    string(name: string): void;
    int(name: string, config?: { description?: string }): void;
    field(name: string, config: Record<string, unknown>): void;
  };
}
export interface Nexus {
  inputObjectType(config: { name: string; description?: string; definition(t: NexusDefinitionBlock): void }): unknown;
  objectType(config: { name: string; description?: string; definition(t: NexusDefinitionBlock): void }): unknown;
  extendType(config: { type: string; definition(t: NexusDefinitionBlock): void }): unknown;
  nonNull(type: string): unknown;
}

export interface GraphqlExtensionService {
  shadowCRUD(uid: string): {
    disable(): void;
    field(name: string): { disable(): unknown; disableFilters(): unknown };
  };
  use(extension: (helpers: { nexus: Nexus }) => Record<string, unknown>): void;
}

interface StrapiServices {
  'admin::permission': {
    engine: { generateUserAbility(user: { id: number }): Promise<AdminAbility> };
    actionProvider: { registerMany(actions: Record<string, unknown>[]): Promise<void> };
  };
  'admin::content-type': {
    getNestedFields(model: unknown, options: { components: Record<string, unknown> }): string[];
  };
  'admin::role': {
    findOne(params: Record<string, unknown>): Promise<{ id: number } | null>;
    create(attributes: { name: string; code: string; description: string }): Promise<{ id: number }>;
    assignPermissions(roleId: number, permissions: AdminPermission[]): Promise<unknown>;
  };
  'admin::api-token-content-api': {
    hash(token: string): string;
    getByAccessKey(hash: string): Promise<{ expiresAt?: string | null } | null>;
  };
  'plugin::content-manager.permission-checker': {
    create(params: { userAbility: AdminAbility; model: string }): ContentManagerPermissionChecker;
  };
  'plugin::content-manager.content-types': {
    findConfiguration(contentType: { uid: string }): Promise<ContentManagerConfiguration>;
    updateConfiguration(contentType: { uid: string }, configuration: ContentManagerConfiguration): Promise<unknown>;
  };
  'plugin::graphql.extension': GraphqlExtensionService;
  'plugin::users-permissions.jwt': { getToken(ctx: Context): Promise<{ id?: unknown } | null> };
  'plugin::email.email': { send(options: Record<string, unknown>): Promise<unknown> };
  'plugin::i18n.locales': LocaleService;
}

/** `getStrapiService('admin::role')`: one of Strapi's own services, with the surface declared above. */
export const getStrapiService = <Uid extends keyof StrapiServices>(uid: Uid): StrapiServices[Uid] =>
  strapi.service(uid) as StrapiServices[Uid];
