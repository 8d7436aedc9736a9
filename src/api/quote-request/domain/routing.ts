import { REQUESTED_MODELS, type RequestedModel } from '../constants';

export interface RoutingConfig {
  bpo?: string[];
  ito?: string[];
  kpo?: string[];
  undecided?: string[];
  fallback?: string[];
  cc?: string[];
}

export interface Recipients {
  to: string[];
  cc: string[];
}

const clean = (addresses: string[] | undefined): string[] => [
  ...new Set((addresses ?? []).map((a) => a.trim().toLowerCase()).filter((a) => a.length > 0)),
];

/**
 * Who receives the sales notification for a requested model: the model's own addresses, or the
 * fallback when the model has none. Cc goes to the configured cc list minus anyone already in `to`.
 * Recipients only ever come from the admin-edited routing, never from the request.
 */
export const resolveRecipients = (routing: RoutingConfig, model: RequestedModel): Recipients => {
  const own = clean(routing[model]);
  const to = own.length > 0 ? own : clean(routing.fallback);
  const cc = clean(routing.cc).filter((address) => !to.includes(address));
  return { to, cc };
};

/** Parses a comma-separated env value (QUOTE_ROUTING_*) into addresses. */
export const parseAddressList = (value: string | undefined): string[] => clean((value ?? '').split(/[,;\s]+/));

/**
 * The requested models whose sales notification would have no recipient: no address of their own and
 * no fallback. Such a request is still stored; its notification waits until an address is set.
 */
export const unroutedModels = (routing: RoutingConfig): RequestedModel[] =>
  clean(routing.fallback).length > 0 ? [] : REQUESTED_MODELS.filter((model) => clean(routing[model]).length === 0);

/** Who receives delivery alerts: QUOTE_ALERT_EMAIL when set, else the routing's fallback addresses. */
export const alertRecipients = (configured: string, routing: RoutingConfig): string[] => {
  const own = parseAddressList(configured);
  return own.length > 0 ? own : clean(routing.fallback);
};
