import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import {
  findOverlongFilterString,
  hasApiToken,
  MAX_FILTER_STRING_LENGTH,
  MAX_QUERY_DEPTH,
  type ContentApiState,
} from '../security/content-access';

/**
 * The GraphQL half of src/security/content-access.ts. Root queries go through the Document Service
 * (and its middleware), but Strapi's association resolvers load nested relations with the query engine
 * and take `status` / `publicationFilter` / `hasPublishedVersion` from the field or the root query's
 * arguments. So the operation itself is checked once, before execution, with its variables: callers
 * without an API token may only ask for PUBLISHED content, and filter strings are bounded (a pattern of
 * 50,000 characters made SQLite fail with the statement in its message). `localizations`, which links
 * every locale's draft rows, is not in the GraphQL schema at all (src/graphql/public-schema.ts), so no
 * document can name it at any depth.
 */
const PUBLICATION_ARGS = new Set(['status', 'publicationFilter', 'hasPublishedVersion']);

const badInput = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });

/** The literal value of an argument, variables resolved. */
const valueOf = (node: ValueNode, variables: Record<string, unknown>): unknown => {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.LIST:
      return node.values.map((v) => valueOf(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, valueOf(f.value, variables)]));
    case Kind.NULL:
      return null;
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    default:
      return undefined;
  }
};

/** Throws a 400 GraphQL error when an operation would reach unpublished content. */
export const assertPublishedOnly = (document: DocumentNode, variables: Record<string, unknown> = {}): void => {
  visit(document, {
    Argument(node) {
      const value = valueOf(node.value, variables);
      if (PUBLICATION_ARGS.has(node.name.value)) {
        const published =
          node.name.value === 'status' && (value === 'PUBLISHED' || value === null || value === undefined);
        if (!published) throw badInput('Only published content can be read: status must be PUBLISHED');
      } else if (node.name.value === 'filters') {
        const overlong = findOverlongFilterString(value);
        if (typeof overlong === 'symbol') throw badInput(`filters nest deeper than ${MAX_QUERY_DEPTH} levels`);
        if (overlong !== undefined) {
          throw badInput(`filters values are limited to ${MAX_FILTER_STRING_LENGTH} characters`);
        }
      }
    },
  });
};

interface PluginContext {
  koaContext?: { state?: ContentApiState };
}

/** Apollo Server plugin, added to the GraphQL plugin's Apollo config in config/plugins.ts. */
export const contentAccessPlugin = {
  requestDidStart() {
    return Promise.resolve({
      didResolveOperation({
        document,
        request,
        contextValue,
      }: {
        document: DocumentNode;
        request: { variables?: Record<string, unknown> };
        contextValue: PluginContext;
      }): Promise<void> {
        if (!hasApiToken(contextValue.koaContext?.state)) assertPublishedOnly(document, request.variables ?? {});
        return Promise.resolve();
      },
    });
  },
};
