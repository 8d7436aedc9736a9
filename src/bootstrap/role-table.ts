/**
 * The shape of a feature's role table (src/features/<feature>/roles.ts): who reads, edits, publishes
 * what. src/bootstrap/admin-roles.ts turns the tables into Strapi permissions; the fields of each
 * content permission come from the schema (nested component paths and relations included) unless the
 * table names them.
 */

export type ContentVerb = 'create' | 'read' | 'update' | 'delete' | 'publish';

export interface ContentGrant {
  contentTypes: string[];
  /** `publish` is dropped for a content type without draft & publish (Strapi has no such action there). */
  verbs: ContentVerb[];
  /** Only these fields (create, read, update); default: every field of the schema. */
  fields?: string[];
}

export interface RoleDefinition {
  /** Strapi's role code. */
  code: string;
  /** As the log names the role. */
  name: string;
  /** A role of this application: created when missing, with this description. Without it the role is Strapi's own, updated when present. */
  createWithDescription?: string;
  /** Limits every content permission of the role, e.g. `admin::is-creator` (the documents the user created). */
  conditions?: string[];
  content: ContentGrant[];
  /** Other admin actions: the media library, this application's own. */
  actions?: string[];
}

export interface FeatureRoles {
  /** Every content type of the feature, granted or not (those no role here is granted stay Super Admin only). */
  contentTypes: string[];
  roles: RoleDefinition[];
}
