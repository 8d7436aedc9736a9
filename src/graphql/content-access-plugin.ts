import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import { hasApiToken, type ContentApiState } from '../security/content-access';

/**
 * The GraphQL half of src/security/content-access.ts. Root queries go through the Document Service
 * (and its middleware), but Strapi's association resolvers load nested relations with the query engine
 * and take `status` / `publicationFilter` / `hasPublishedVersion` from the field or the root query's
 * arguments. So the operation itself is checked once, before execution, with its variables: callers
 * without an API token may only ask for PUBLISHED content, and never name `localizations` (a field,
 * a filter, a sort) since it links every locale's draft rows.
 */
const PUBLICATION_ARGS = new Set(['status', 'publicationFilter', 'hasPublishedVersion']);
const DRAFT_REACHING = 'localizations';

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

/** Whether an argument's object keys (or, for `sort`, its strings) name `key`; filter values are data. */
const mentions = (value: unknown, key: string, inSort: boolean, depth = 0): boolean => {
  if (depth > 20 || value === null || typeof value !== 'object') {
    return inSort && typeof value === 'string' && value.split(/[.,:]/).includes(key);
  }
  if (Array.isArray(value)) return value.some((item) => mentions(item, key, inSort, depth + 1));
  return Object.entries(value as Record<string, unknown>).some(
    ([k, v]) => k === key || mentions(v, key, inSort, depth + 1)
  );
};

/** Throws a 400 GraphQL error when an operation would reach unpublished content. */
export const assertPublishedOnly = (document: DocumentNode, variables: Record<string, unknown> = {}): void => {
  visit(document, {
    Field(node) {
      if (node.name.value === DRAFT_REACHING) throw badInput(`The field "${DRAFT_REACHING}" is not available`);
    },
    Argument(node) {
      const value = valueOf(node.value, variables);
      if (PUBLICATION_ARGS.has(node.name.value)) {
        const published =
          node.name.value === 'status' && (value === 'PUBLISHED' || value === null || value === undefined);
        if (!published) throw badInput('Only published content can be read: status must be PUBLISHED');
      } else if (mentions(value, DRAFT_REACHING, node.name.value === 'sort')) {
        throw badInput(`Arguments through "${DRAFT_REACHING}" are not allowed`);
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
