import type { Core } from '@strapi/strapi';
import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import {
  graphqlSiteTypes,
  recordResolvedField,
  startRecordingDocuments,
  type GraphqlSiteTypes,
} from '../cache/surrogate-keys';

interface PluginContext {
  /** The request's Koa context: the GraphQL plugin passes it to Apollo (`koaContext`). */
  koaContext?: object;
}

/**
 * Apollo Server plugin (config/plugins.ts): records, for the request, the site documents every field
 * resolver returns (src/cache/surrogate-keys.ts), so the answer's `Surrogate-Key` names them whatever
 * the query selected, aliased or not, nested or not. The documents are read from what the resolvers
 * return (the whole rows), not from the answer, which holds only the selected fields.
 */
export const createSurrogateKeysPlugin = (strapi: () => Core.Strapi) => {
  let types: GraphqlSiteTypes | undefined;
  return {
    requestDidStart({ contextValue }: { contextValue: PluginContext }) {
      const request = contextValue.koaContext;
      if (!request) return Promise.resolve({});
      // Content types are fixed once Strapi has loaded: their GraphQL names are computed once.
      types ??= graphqlSiteTypes(strapi());
      const siteTypes = types;
      const resolved = startRecordingDocuments(request);
      return Promise.resolve({
        executionDidStart() {
          return Promise.resolve({
            willResolveField({ info }: { info: GraphQLResolveInfo }) {
              const read = recordResolvedField(resolved, siteTypes, {
                isRoot: info.parentType === info.schema.getQueryType(),
                fieldName: info.fieldName,
                typeName: getNamedType(info.returnType).name,
              });
              if (!read) return undefined;
              return (error: Error | null, result: unknown) => {
                // A field that failed answers null with an error: the answer is an error answer.
                if (!error) read(result);
              };
            },
          });
        },
      });
    },
  };
};
