import type { Core } from '@strapi/strapi';
import { cacheInvalidation, postgresClientConfig } from '../../../src/cache/invalidation';

interface DbEvent {
  action: string;
  model: { uid: string };
}

/**
 * The members of Strapi the hub uses: lifecycle events, and a transaction whose commit (or rollback)
 * the test decides, run the way @strapi/database runs `onCommit` callbacks.
 */
const fakeStrapi = () => {
  const subscribers: ((event: DbEvent) => void)[] = [];
  let open: { commitCallbacks: (() => void)[] } | undefined;
  const fake = {
    config: { get: (_key: string, fallback?: unknown) => fallback },
    log: { info: jest.fn(), warn: jest.fn(), error: jest.fn() },
    db: {
      lifecycles: { subscribe: (subscriber: (event: DbEvent) => void) => subscribers.push(subscriber) },
      inTransaction: () => open !== undefined,
      transaction: async (cb: (params: { onCommit: (callback: () => void) => void }) => unknown) => {
        const current = open;
        if (!current) throw new Error('the fake only nests in a transaction the test opened');
        return await cb({ onCommit: (callback) => current.commitCallbacks.push(callback) });
      },
    },
  };
  return {
    // Only the members above; anything else the hub touched would throw.
    strapi: fake as unknown as Core.Strapi,
    emit: (event: DbEvent) => subscribers.forEach((subscriber) => subscriber(event)),
    begin: () => {
      open = { commitCallbacks: [] };
    },
    commit: () => {
      const callbacks = open?.commitCallbacks ?? [];
      open = undefined;
      callbacks.forEach((callback) => callback());
    },
    rollback: () => {
      open = undefined;
    },
  };
};

const CATEGORY = 'api::outsourcing-category.outsourcing-category';
/** Lets the nested `transaction()` promise register its commit callback. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('cache invalidation: local writes', () => {
  it('runs the listeners at once on a content, permission or routing write, not on reads or quote traffic', () => {
    const { strapi, emit } = fakeStrapi();
    const listener = jest.fn();
    cacheInvalidation(strapi).onInvalidate(listener);

    emit({ action: 'afterFindMany', model: { uid: CATEGORY } });
    emit({ action: 'afterCount', model: { uid: CATEGORY } });
    emit({ action: 'beforeUpdate', model: { uid: CATEGORY } });
    emit({ action: 'afterCreate', model: { uid: 'api::quote-request.quote-request' } });
    emit({ action: 'afterUpdate', model: { uid: 'api::quote-notification.quote-notification' } });
    emit({ action: 'afterUpdate', model: { uid: 'admin::session' } });
    expect(listener).not.toHaveBeenCalled();

    for (const uid of [CATEGORY, 'plugin::users-permissions.permission', 'api::quote-routing.quote-routing']) {
      listener.mockClear();
      emit({ action: 'afterUpdate', model: { uid } });
      // Outside a transaction: once at the write, once "after commit", which is the same moment.
      expect(listener).toHaveBeenCalledTimes(2);
    }
  });

  it('runs them again once the transaction committed: a read between the write and the commit saw old rows', async () => {
    const { strapi, emit, begin, commit } = fakeStrapi();
    const listener = jest.fn();
    cacheInvalidation(strapi).onInvalidate(listener);

    begin();
    emit({ action: 'afterUpdate', model: { uid: CATEGORY } });
    emit({ action: 'afterCreate', model: { uid: 'plugin::i18n.locale' } });
    await settle();
    expect(listener).toHaveBeenCalledTimes(2);
    commit();
    expect(listener).toHaveBeenCalledTimes(4);
  });

  it('does not run them a second time for a write that rolled back', async () => {
    const { strapi, emit, begin, rollback } = fakeStrapi();
    const listener = jest.fn();
    cacheInvalidation(strapi).onInvalidate(listener);
    begin();
    emit({ action: 'afterDelete', model: { uid: CATEGORY } });
    await settle();
    rollback();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('stops calling a listener that unsubscribed; one hub per Strapi instance', () => {
    const { strapi, emit } = fakeStrapi();
    const listener = jest.fn();
    const unsubscribe = cacheInvalidation(strapi).onInvalidate(listener);
    expect(cacheInvalidation(strapi)).toBe(cacheInvalidation(strapi));
    unsubscribe();
    emit({ action: 'afterUpdate', model: { uid: CATEGORY } });
    expect(listener).not.toHaveBeenCalled();
  });

  it('has no channel to other instances on SQLite without Redis', async () => {
    const { strapi } = fakeStrapi();
    const hub = cacheInvalidation(strapi);
    await hub.start();
    expect(hub.transport()).toBe('none');
    await hub.close();
  });
});

describe('cache invalidation: PostgreSQL connection settings', () => {
  it('takes what config/database.ts gives knex', () => {
    expect(
      postgresClientConfig({
        connectionString: undefined,
        host: 'db.internal',
        port: 5433,
        database: 'cms',
        user: 'cms',
        password: 'secret',
        ssl: false,
        schema: 'public',
      })
    ).toEqual({
      connectionString: undefined,
      host: 'db.internal',
      port: 5433,
      database: 'cms',
      user: 'cms',
      password: 'secret',
      ssl: false,
    });
  });

  it('passes a DATABASE_URL and TLS options through', () => {
    const ssl = { rejectUnauthorized: true, ca: 'CA' };
    expect(postgresClientConfig({ connectionString: 'postgres://u@h/db', ssl })).toMatchObject({
      connectionString: 'postgres://u@h/db',
      ssl,
    });
    expect(postgresClientConfig('postgres://u@h/db')).toEqual({ connectionString: 'postgres://u@h/db' });
  });
});
