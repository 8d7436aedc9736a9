import type { Core } from '@strapi/strapi';
import { cacheInvalidation } from '../../../cache/invalidation';
import { QUOTE_ROUTING_UID, type RequestedModel } from '../../quote-request/constants';
import { parseAddressList, unroutedModels, type RoutingConfig } from '../../quote-request/domain/routing';
import { quoteSettings } from '../../quote-request/settings';

const ROUTING_KEYS = ['bpo', 'ito', 'kpo', 'undecided', 'fallback', 'cc'] as const;
type RoutingKey = (typeof ROUTING_KEYS)[number];

type RecipientList = { email?: string | null }[] | null | undefined;
type RoutingDocument = Partial<Record<RoutingKey, RecipientList>> | null;

const populateAll = Object.fromEntries(ROUTING_KEYS.map((key) => [key, true]));

/**
 * Routing is read on every submission and edited rarely: keep it briefly, drop it on any edit, on this
 * instance or (PostgreSQL, Redis) another one.
 */
const CACHE_TTL_MS = 5000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: { routing: RoutingConfig; at: number } | undefined;
  cacheInvalidation(strapi).onInvalidate(() => {
    cached = undefined;
  });

  const loadRouting = async (): Promise<RoutingConfig> => {
    const doc = (await strapi.documents(QUOTE_ROUTING_UID).findFirst({ populate: populateAll })) as RoutingDocument;
    const routing: RoutingConfig = {};
    for (const key of ROUTING_KEYS) {
      routing[key] = (doc?.[key] ?? []).map((r) => r.email ?? '').filter((email) => email.length > 0);
    }
    return routing;
  };

  return {
    /** The admin-edited routing, as plain address lists (on SQLite, another process's edit shows within 5 s). */
    async getRouting(): Promise<RoutingConfig> {
      if (!cached || Date.now() - cached.at > CACHE_TTL_MS) {
        cached = { routing: await loadRouting(), at: Date.now() };
      }
      return cached.routing;
    },

    /**
     * First run only: fills the routing single type from QUOTE_ROUTING_* so sales get mail from the
     * first request. Once the document exists, the admin owns it and env changes are ignored.
     */
    async seedFromEnvironment(): Promise<void> {
      const existing = await strapi.documents(QUOTE_ROUTING_UID).findFirst({ fields: ['id'] });
      if (existing) return;
      const env = quoteSettings(strapi).routing;
      const toComponents = (value: string) => parseAddressList(value).map((email) => ({ email }));
      await strapi.documents(QUOTE_ROUTING_UID).create({
        data: {
          bpo: toComponents(env.bpo),
          ito: toComponents(env.ito),
          kpo: toComponents(env.kpo),
          undecided: [],
          fallback: toComponents(env.fallback),
          cc: toComponents(env.cc),
        },
      });
    },

    /**
     * Called at start: names the requested models whose sales notification would have no recipient (no
     * address of their own and no fallback). Their requests are still accepted and stored; the mail
     * waits, retried, until an address is set in the admin.
     */
    async warnAboutUnroutedModels(): Promise<RequestedModel[]> {
      const unrouted = unroutedModels(await loadRouting());
      if (unrouted.length > 0) {
        strapi.log.warn(
          `[quote] Quote routing has no address for ${unrouted.join(', ')} and no fallback: sales notifications ` +
            `for these models cannot be sent until an address is set (Content Manager → Quote routing, or ` +
            `QUOTE_ROUTING_* before the first start)`
        );
      }
      return unrouted;
    },
  };
};
