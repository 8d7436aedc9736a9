import { ApolloArmor } from '@escape.tech/graphql-armor';
import { contentAccessPlugin } from './content-access-plugin';

export interface GraphqlLimits {
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxDirectives: number;
}

/**
 * Apollo Server options that bound what one GraphQL document may cost before it runs: graphql-armor's
 * alias, cost and directive limits (depth is limited by the GraphQL plugin's own depthLimit), the token
 * limit in graphql-js's own parser, and the published-only guard. A refused document answers 400
 * without being executed. (graphql-armor's token plugin throws from a request hook, which Apollo
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
    plugins: [...plugins, contentAccessPlugin, ...otherPlugins],
    validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
  };
};
