import type { Core } from '@strapi/strapi';
import {
  Kind,
  lexicographicSortSchema,
  parse,
  print,
  printSchema,
  visit,
  buildASTSchema,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * docs/schema.graphql: the public GraphQL schema as an anonymous caller may use it, printed by
 * `npm run openapi:generate` and drift-checked by `npm run openapi:check`.
 *
 * It is the schema the endpoint serves (shadow CRUD with the project's exclusions: no quote internals,
 * no `localizations`), sorted so the file does not depend on registration order, less one thing: the
 * publication arguments of the content queries. For an anonymous caller `status` accepts only `PUBLISHED`,
 * its default, and `publicationFilter` / `hasPublishedVersion` are refused (src/graphql/content-access-plugin.ts);
 * only API tokens may use them to read drafts. The published document therefore leaves them out, with the
 * enums only they use (`PublicationStatus`, `PublicationFilter`).
 */
export const DRAFT_ONLY_ARGUMENTS = new Set(['status', 'publicationFilter', 'hasPublishedVersion']);

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

/** The SDL of the schema the plugin builds for the content API, as published in docs/schema.graphql. */
export const publicSchemaSdl = (schema: GraphQLSchema): string => {
  const document = withoutDraftOnlyArguments(parse(printSchema(schema)));
  return `${printSchema(lexicographicSortSchema(buildASTSchema(document)))}\n`;
};

export const printPublicSchema = (strapi: Core.Strapi): string => {
  const contentApi = strapi.plugin('graphql').service('content-api') as unknown as { buildSchema(): GraphQLSchema };
  return publicSchemaSdl(contentApi.buildSchema());
};
