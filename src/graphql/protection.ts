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
 * alias, token, cost and directive limits (depth is limited by the GraphQL plugin's own depthLimit),
 * and the published-only guard. A refused document answers 400 without being executed.
 */
export const graphqlProtection = (limits: GraphqlLimits) => {
  const armor = new ApolloArmor({
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    costLimit: { maxCost: limits.maxCost },
    maxDirectives: { n: limits.maxDirectives },
    maxDepth: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins: [...plugins, contentAccessPlugin], validationRules };
};
