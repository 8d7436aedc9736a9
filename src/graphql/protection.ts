import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { MAX_BODY_DEPTH, nestsDeeperThan } from '../utils/body-depth';
import { contentAccessPlugin } from './content-access-plugin';

export interface GraphqlLimits {
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxDirectives: number;
}

/**
 * The body depth limit of every public JSON route (src/middlewares/request-body-guard.ts) on the GraphQL
 * endpoint, whose body the GraphQL plugin parses itself (strapi::body leaves it alone): variables and
 * extensions, one level below the body, are walked (no further than the limit) once the operation is
 * known, before anything coerces or formats them. A GET's variables (in the URL) are checked too.
 */
export const bodyDepthPlugin = {
  requestDidStart() {
    return Promise.resolve({
      didResolveOperation({ request }: { request: { variables?: unknown; extensions?: unknown } }): Promise<void> {
        if (
          nestsDeeperThan(request.variables, MAX_BODY_DEPTH - 1) ||
          nestsDeeperThan(request.extensions, MAX_BODY_DEPTH - 1)
        ) {
          throw new GraphQLError(`Request body nests deeper than ${MAX_BODY_DEPTH} levels`, {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          });
        }
        return Promise.resolve();
      },
    });
  },
};

/**
 * Apollo Server options that bound what one GraphQL document may cost before it runs: graphql-armor's
 * alias, cost and directive limits (depth is limited by the GraphQL plugin's own depthLimit), the token
 * limit in graphql-js's own parser, the body depth limit, and the published-only guard. A refused
 * document answers 400 without being executed. (graphql-armor's token plugin throws from a request hook, which Apollo
 * answers with a 500; the parser's `maxTokens` fails the parse itself: GRAPHQL_PARSE_FAILED, 400.)
 * `otherPlugins` run after these.
 */
export const graphqlProtection = (limits: GraphqlLimits, otherPlugins: readonly object[] = []) => {
  const armor = new ApolloArmor({
    maxAliases: { n: limits.maxAliases },
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost },
    maxDirectives: { n: limits.maxDirectives },
    maxDepth: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  return {
    plugins: [...plugins, bodyDepthPlugin, contentAccessPlugin, ...otherPlugins],
    validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
  };
};
