import type { Approach, RequestedModel, Scope } from '../constants';

export interface TaggableRequest {
  requestedModel?: RequestedModel | null;
  scope?: Scope | null;
  approach?: Approach | null;
  tags?: unknown;
}

const DERIVED_PREFIXES = ['model:', 'scope:', 'approach:'];

/**
 * Tags a quote request by what was requested: `model:<bpo|ito|kpo|undecided>`, plus `scope:*` and
 * `approach:*` when given. Tags an editor added by hand (any other prefix) are kept; derived tags are
 * recomputed, so they always match the request.
 */
export const tagByRequestedModel = (request: TaggableRequest): string[] => {
  const kept = Array.isArray(request.tags)
    ? request.tags.filter(
        (tag): tag is string => typeof tag === 'string' && !DERIVED_PREFIXES.some((prefix) => tag.startsWith(prefix))
      )
    : [];
  const derived = [
    request.requestedModel ? `model:${request.requestedModel}` : undefined,
    request.scope ? `scope:${request.scope}` : undefined,
    request.approach ? `approach:${request.approach}` : undefined,
  ].filter((tag): tag is string => tag !== undefined);
  return [...new Set([...derived, ...kept])];
};
