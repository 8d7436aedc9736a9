import { env } from '@strapi/utils';
import pluginsConfig from '../../../config/plugins';

type GraphqlConfig = { graphql: { config: { apolloServer: { introspection: boolean; cors: unknown } } } };

const withEnv = <T>(values: Record<string, string | undefined>, run: () => T): T => {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  for (const [key, value] of Object.entries(values)) if (value === undefined) delete process.env[key];
  try {
    return run();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
};

const apollo = (values: Record<string, string | undefined>) =>
  withEnv(
    { JWT_SECRET: 'test-secret', ...values },
    () => (pluginsConfig({ env }) as unknown as GraphqlConfig).graphql.config.apolloServer
  );

describe('GraphQL configuration', () => {
  it('turns introspection off in production unless GRAPHQL_INTROSPECTION says otherwise', () => {
    expect(apollo({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: undefined }).introspection).toBe(false);
    expect(apollo({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(apollo({ NODE_ENV: 'development', GRAPHQL_INTROSPECTION: undefined }).introspection).toBe(true);
    expect(apollo({ NODE_ENV: 'development', GRAPHQL_INTROSPECTION: 'false' }).introspection).toBe(false);
  });

  it('leaves CORS to strapi::cors (the plugin would reflect any origin)', () => {
    expect(apollo({}).cors).toBe(false);
  });
});
