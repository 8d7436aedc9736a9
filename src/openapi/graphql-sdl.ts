import type { Core } from '@strapi/strapi';
import {
  GraphQLSchema,
  Kind,
  lexicographicSortSchema,
  parse,
  print,
  printSchema,
  visit,
  buildASTSchema,
  type DocumentNode,
} from 'graphql';
import { getStrapiService, type GraphqlResolverAuth } from '../utils/strapi-services';

/**
 * docs/schema.graphql: the public GraphQL schema as an anonymous caller may use it, printed by
 * `npm run openapi:generate` and drift-checked by `npm run openapi:check`.
 *
 * It is the schema the endpoint serves (shadow CRUD with the project's exclusions: no quote internals,
 * no `localizations`), sorted so the file does not depend on registration order, less two things:
 * - the root fields an anonymous caller is refused (FORBIDDEN): those whose resolver requires a scope the
 *   Public role is not granted, read from the role's permissions when the document is generated (the
 *   generated writes, `me`, the users and roles, upload, review workflows…), and the types only they use;
 * - the publication arguments of the content queries. For an anonymous caller `status` accepts only
 *   `PUBLISHED`, its default, and `publicationFilter` / `hasPublishedVersion` are refused
 *   (src/graphql/content-access-plugin.ts); only API tokens may use them to read drafts. The published
 *   document therefore leaves them out, with the enums only they use (`PublicationStatus`, `PublicationFilter`).
 */
export const DRAFT_ONLY_ARGUMENTS = new Set(['status', 'publicationFilter', 'hasPublishedVersion']);

/** Decides whether the root field `Query.x` / `Mutation.x` stays in the published schema. */
export type RootFieldFilter = (rootType: 'Query' | 'Mutation' | 'Subscription', field: string) => boolean;

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

export const withoutDraftOnlyArguments = (document: DocumentNode): DocumentNode => {
  const stripped = visit(document, {
    FieldDefinition(node) {
      const args = node.arguments?.filter((argument) => !DRAFT_ONLY_ARGUMENTS.has(argument.name.value));
      return args?.length === node.arguments?.length ? undefined : { ...node, arguments: args };
    },
  });
  // PublicationStatus is used by `status` only: left unreferenced, it goes too.
  const text = print(stripped);
  const unused = stripped.definitions.filter(
    (definition) =>
      definition.kind === Kind.ENUM_TYPE_DEFINITION &&
      !new RegExp(`[:(\\[!\\s]${definition.name.value}\\b`).test(text.replace(`enum ${definition.name.value} `, ''))
  );
  return { ...stripped, definitions: stripped.definitions.filter((definition) => !unused.includes(definition)) };
};

/** The root types' fields the filter keeps (a root type left without field goes). */
export const withRootFields = (document: DocumentNode, keep: RootFieldFilter): DocumentNode => ({
  ...document,
  definitions: document.definitions.flatMap((definition) => {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || !ROOT_TYPES.has(definition.name.value)) {
      return [definition];
    }
    const rootType = definition.name.value as 'Query' | 'Mutation' | 'Subscription';
    const fields = definition.fields?.filter((field) => keep(rootType, field.name.value)) ?? [];
    return fields.length === 0 ? [] : [{ ...definition, fields }];
  }),
});

/** Only the types reachable from the root fields: GraphQLSchema collects them from its roots. */
const reachableOnly = (schema: GraphQLSchema): GraphQLSchema =>
  new GraphQLSchema({
    query: schema.getQueryType(),
    mutation: schema.getMutationType(),
    subscription: schema.getSubscriptionType(),
    directives: schema.getDirectives(),
  });

/** The SDL of the schema the plugin builds for the content API, as published in docs/schema.graphql. */
export const publicSchemaSdl = (schema: GraphQLSchema, keepRootField: RootFieldFilter): string => {
  const document = withoutDraftOnlyArguments(withRootFields(parse(printSchema(schema)), keepRootField));
  return `${printSchema(lexicographicSortSchema(reachableOnly(buildASTSchema(document))))}\n`;
};

/**
 * Whether the Public role passes a resolver's `auth` configuration, as the GraphQL plugin checks it
 * (wrap-resolvers → users-permissions' verify): `auth: false` lets anyone in; otherwise every scope must
 * be among the role's actions, and a root field without a scope is refused to anonymous callers.
 */
export const allowsPublicRole = (
  auth: GraphqlResolverAuth | undefined,
  publicActions: ReadonlySet<string>
): boolean => {
  if (auth === false) return true;
  const scope = auth?.scope;
  if (scope === undefined) return false;
  const scopes = Array.isArray(scope) ? scope : [scope];
  return scopes.length > 0 && scopes.every((action) => publicActions.has(action));
};

/** The root-field filter of the Public role as it stands in the database (run after bootstrap). */
export const publicRootFieldFilter = async (): Promise<RootFieldFilter> => {
  const permissions = await getStrapiService('plugin::users-permissions.permission').findPublicPermissions();
  const publicActions = new Set(permissions.map((permission) => permission.action));
  // The resolvers' configuration as the plugin merged it when it built the schema (shadow CRUD scopes,
  // plugins' and this project's overrides); the type registry is only read by nexus plugins, not here.
  const { resolversConfig = {} } = getStrapiService('plugin::graphql.extension').generate({
    typeRegistry: getStrapiService('plugin::graphql.type-registry').new(),
  });
  return (rootType, field) => allowsPublicRole(resolversConfig[`${rootType}.${field}`]?.auth, publicActions);
};

export const printPublicSchema = async (strapi: Core.Strapi): Promise<string> => {
  const contentApi = strapi.plugin('graphql').service('content-api') as unknown as { buildSchema(): GraphQLSchema };
  const schema = contentApi.buildSchema();
  return publicSchemaSdl(schema, await publicRootFieldFilter());
};
