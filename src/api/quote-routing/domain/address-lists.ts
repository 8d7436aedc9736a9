import * as yup from 'yup';
import type { RoutingConfig } from '../../quote-request/domain/routing';

/** The routing's address lists, one attribute per list (text, one address per line), by routing key. */
export const ROUTING_LIST_FIELDS = {
  bpo: 'bpoAddresses',
  ito: 'itoAddresses',
  kpo: 'kpoAddresses',
  undecided: 'undecidedAddresses',
  fallback: 'fallbackAddresses',
  cc: 'ccAddresses',
} as const satisfies Record<keyof RoutingConfig, string>;

export type RoutingKey = keyof typeof ROUTING_LIST_FIELDS;
export type RoutingListField = (typeof ROUTING_LIST_FIELDS)[RoutingKey];

export const ROUTING_KEYS = Object.keys(ROUTING_LIST_FIELDS) as RoutingKey[];

/** What the routing single type is called in lists and under "Last edited entries" on the admin's home page. */
export const ROUTING_TITLE = 'Routage des demandes de devis';

/** Separators an admin may type between addresses: new lines (the documented form), commas, semicolons. */
const SEPARATORS = /[\r\n,;]+/;
const emailSchema = yup.string().email().required();

export interface AddressListProblem {
  field: RoutingListField;
  address: string;
  message: string;
}

/** The tokens of a typed list, trimmed, blank lines left out. */
const tokensOf = (text: unknown): string[] =>
  typeof text === 'string'
    ? text
        .split(SEPARATORS)
        .map((token) => token.trim())
        .filter((token) => token.length > 0)
    : [];

/** The addresses of a list as stored (already checked): lower-cased, each once. */
export const addressesOf = (text: unknown): string[] => [
  ...new Set(tokensOf(text).map((address) => address.toLowerCase())),
];

/** A list as it is stored and shown: one address per line, lower-cased, each once (empty when none). */
export const normaliseAddressList = (text: unknown): string => addressesOf(text).join('\n');

/**
 * Every token of the lists that is not an email address, by field, in typing order: an address is data an
 * admin types, checked before it can decide where a request's personal data goes.
 */
export const invalidAddresses = (lists: Partial<Record<RoutingListField, unknown>>): AddressListProblem[] =>
  ROUTING_KEYS.flatMap((key) => {
    const field = ROUTING_LIST_FIELDS[key];
    const text = lists[field];
    const lines = typeof text === 'string' ? text.split(/[\r\n]+/).map((line) => line.trim()) : [];
    return lines.flatMap((line) =>
      tokensOf(line)
        .filter((address) => !emailSchema.isValidSync(address) || /\s/.test(address))
        .map((address) => ({
          field,
          address,
          // A fragment cut at a comma or semicolon means nothing alone: the message shows the line it came from.
          message:
            address === line
              ? `« ${address} » n’est pas une adresse e-mail valide`
              : `« ${address} » (dans « ${line} ») n’est pas une adresse e-mail valide : une adresse par ligne, ou séparées par des virgules`,
        }))
    );
  });

/** The stored document as the rest of the app reads it: address lists by routing key. */
export const routingFromLists = (document: Partial<Record<RoutingListField, unknown>> | null): RoutingConfig =>
  Object.fromEntries(ROUTING_KEYS.map((key) => [key, addressesOf(document?.[ROUTING_LIST_FIELDS[key]])]));
