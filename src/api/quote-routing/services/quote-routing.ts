import type { Core } from '@strapi/strapi';
import { cacheInvalidation } from '../../../cache/invalidation';
import { QUOTE_ROUTING_UID, type RequestedModel } from '../../quote-request/constants';
import { parseAddressList, unroutedModels, type RoutingConfig } from '../../quote-request/domain/routing';
import { quoteSettings } from '../../quote-request/settings';
import {
  ROUTING_KEYS,
  ROUTING_LIST_FIELDS,
  ROUTING_TITLE,
  routingFromLists,
  type RoutingListField,
} from '../domain/address-lists';

type RoutingDocument = Partial<Record<RoutingListField, string | null>> | null;

const LIST_FIELDS = ROUTING_KEYS.map((key) => ROUTING_LIST_FIELDS[key]);

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
    const doc = (await strapi.documents(QUOTE_ROUTING_UID).findFirst({ fields: LIST_FIELDS })) as RoutingDocument;
    return routingFromLists(doc);
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
     * first request. Once the document exists, the admin owns it and env changes are ignored (a document
     * migrated from the former per-address rows only gets its title).
     */
    async seedFromEnvironment(): Promise<void> {
      const existing = await strapi.documents(QUOTE_ROUTING_UID).findFirst({ fields: ['title'] });
      if (existing) {
        if (!existing.title) {
          await strapi.documents(QUOTE_ROUTING_UID).update({
            documentId: existing.documentId,
            data: { title: ROUTING_TITLE },
          });
        }
        return;
      }
      const env = quoteSettings(strapi).routing;
      const lines = (value: string) => parseAddressList(value).join('\n');
      await strapi.documents(QUOTE_ROUTING_UID).create({
        data: {
          title: ROUTING_TITLE,
          bpoAddresses: lines(env.bpo),
          itoAddresses: lines(env.ito),
          kpoAddresses: lines(env.kpo),
          undecidedAddresses: '',
          fallbackAddresses: lines(env.fallback),
          ccAddresses: lines(env.cc),
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
