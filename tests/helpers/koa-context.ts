/**
 * Middleware unit tests without booting Strapi: a real Koa context built on an in-memory request (so
 * headers, `ctx.is()`, `ctx.fresh`, `ctx.vary()` and the body setter behave as in the app), query
 * strings parsed as `strapi::query` parses them, errors answered as `strapi::errors` answers them, and a
 * fake `strapi` with only what a middleware under test uses.
 */
import http from 'http';
import { Socket } from 'net';
import Koa from 'koa';
import createHttpError from 'http-errors';
import qs from 'qs';
import { errors } from '@strapi/utils';
import type { Core } from '@strapi/strapi';

const app = new Koa();
// strapi::query replaces Koa's querystring parsing with qs and these options (@strapi/core middlewares/query).
Object.defineProperty(app.request, 'query', {
  configurable: true,
  get(this: Koa.Request) {
    return qs.parse(this.querystring, { strictNullHandling: true, arrayLimit: 100, depth: 20 });
  },
  set(this: Koa.Request, value: unknown) {
    this.querystring = qs.stringify(value);
  },
});

export interface FakeRequest {
  method?: string;
  /** Path and query string, e.g. `/api/outsourcing-categories?locale=fr`. */
  url: string;
  /** Request headers, any case. */
  headers?: Record<string, string>;
}

export type TestContext = Koa.ParameterizedContext;

export const fakeContext = ({ method = 'GET', url, headers = {} }: FakeRequest): TestContext => {
  const req = new http.IncomingMessage(new Socket());
  req.method = method;
  req.url = url;
  req.headers = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return app.createContext(req, new http.ServerResponse(req));
};

/** The status strapi::errors answers for an application error (@strapi/core services/errors). */
const APPLICATION_ERROR_STATUS: [abstract new (...args: never[]) => Error, number][] = [
  [errors.UnauthorizedError, 401],
  [errors.ForbiddenError, 403],
  [errors.NotFoundError, 404],
  [errors.PayloadTooLargeError, 413],
  [errors.RateLimitError, 429],
  [errors.NotImplementedError, 501],
];

/** The HTTP status a client gets for an error a middleware threw. */
export const statusOf = (error: unknown): number => {
  if (error instanceof errors.ApplicationError) {
    return APPLICATION_ERROR_STATUS.find(([type]) => error instanceof type)?.[1] ?? 400;
  }
  if (createHttpError.isHttpError(error)) return error.status;
  return 500;
};

export interface Outcome {
  /** What the client gets: the response status, or the error's status when the middleware threw. */
  status: number;
  /** Whether the middleware let the request through to the route. */
  nextCalled: boolean;
  error?: unknown;
}

/**
 * Runs `middleware` on `ctx`; `route` stands for everything after it (router, auth, controller). A thrown
 * error becomes the status Strapi would answer.
 */
export const runMiddleware = async (
  middleware: Koa.Middleware,
  ctx: TestContext,
  route: () => void | Promise<void> = () => undefined
): Promise<Outcome> => {
  let nextCalled = false;
  try {
    await middleware(ctx, async () => {
      nextCalled = true;
      await route();
    });
    return { status: ctx.status, nextCalled };
  } catch (error) {
    return { status: statusOf(error), nextCalled, error };
  }
};

/** The handler a middleware factory returns (they all return one). */
export const handlerOf = (
  factory: Core.MiddlewareFactory,
  strapi: Core.Strapi,
  config: Record<string, unknown> = {}
): Koa.Middleware => {
  const handler = factory(config, { strapi });
  if (!handler) throw new Error('the middleware factory returned no handler');
  return handler;
};

export interface DbEvent {
  action: string;
  model: { uid: string };
}

export interface FakeStrapiParts {
  /** `strapi.config.get(key, fallback)`: values by key; other keys answer the fallback. */
  config?: Record<string, unknown>;
  /** `strapi.db.query(uid)`: the query methods the middleware calls, by content-type UID. */
  queries?: Record<string, Record<string, (params?: unknown) => Promise<unknown>>>;
  /** `strapi.service(uid)` */
  services?: Record<string, unknown>;
  /** `strapi.plugin(name).service(service)`, also reached as `strapi.service('plugin::name.service')` */
  pluginServices?: Record<string, Record<string, unknown>>;
  /** Other top-level members, e.g. `sessionManager`. */
  extra?: Record<string, unknown>;
}

export interface FakeStrapi {
  strapi: Core.Strapi;
  /** Sends a database lifecycle event to the subscribers (`strapi.db.lifecycles.subscribe`). */
  emitDbEvent: (event: DbEvent) => void;
}

export const fakeStrapi = ({
  config = {},
  queries = {},
  services = {},
  pluginServices = {},
  extra = {},
}: FakeStrapiParts = {}): FakeStrapi => {
  const subscribers: ((event: DbEvent) => void)[] = [];
  const fake = {
    ...extra,
    config: { get: (key: string, fallback?: unknown) => (key in config ? config[key] : fallback) },
    db: {
      query: (uid: string) => {
        const query = queries[uid];
        if (!query) throw new Error(`fake strapi: unexpected db.query('${uid}')`);
        return query;
      },
      lifecycles: {
        subscribe: (subscriber: (event: DbEvent) => void) => {
          subscribers.push(subscriber);
        },
      },
      // Events are emitted outside any transaction: their after-commit work runs at once.
      inTransaction: () => false,
    },
    service: (uid: string) => {
      if (uid in services) return services[uid];
      const [, plugin, service] = /^plugin::([^.]+)\.(.+)$/.exec(uid) ?? [];
      const found = plugin && service ? pluginServices[plugin]?.[service] : undefined;
      if (!found) throw new Error(`fake strapi: unexpected service('${uid}')`);
      return found;
    },
    plugin: (name: string) => ({
      service: (service: string) => {
        const found = pluginServices[name]?.[service];
        if (!found) throw new Error(`fake strapi: unexpected plugin('${name}').service('${service}')`);
        return found;
      },
    }),
  };
  return {
    // The middlewares are typed against the whole Strapi instance; this fake has only the members they use,
    // and throws on any other service or query so a test cannot pass on an unexpected call.
    strapi: fake as unknown as Core.Strapi,
    emitDbEvent: (event) => subscribers.forEach((subscriber) => subscriber(event)),
  };
};

/**
 * Makes `fake` the global `strapi` (what src/ modules that are not handed the instance read) until the
 * returned function puts the previous one back.
 */
export const installGlobalStrapi = (fake: Core.Strapi): (() => void) => {
  const globals = globalThis as { strapi?: Core.Strapi };
  const previous = globals.strapi;
  globals.strapi = fake;
  return () => {
    globals.strapi = previous;
  };
};
