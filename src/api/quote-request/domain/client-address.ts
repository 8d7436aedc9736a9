import net from 'net';

/**
 * The rate-limit identity of a client address. The raw string is not an identity: one IPv6 address has
 * many spellings (`2001:DB8::9`, `2001:db8:0:0:0:0:0:9`), an IPv4 client reaches a dual-stack server as
 * `::ffff:7.7.7.7`, and an IPv6 client gets a whole /64 from its provider, so it can take a fresh address
 * for every request. So:
 * - an IPv4-mapped IPv6 address is its IPv4 address (`::ffff:7.7.7.7`, `::ffff:707:707` → `7.7.7.7`);
 * - any other IPv6 address stands for its network of `ipv6PrefixLength` bits, in RFC 5952 canonical form
 *   (`2001:db8::9` and `2001:db8::a` → `2001:db8::/64`);
 * - IPv4 is kept as it is (Node only accepts the dotted-decimal form).
 * A zone index (`fe80::1%eth0`) and brackets are dropped. Anything that is not an address (a proxy that
 * wrote garbage) is its trimmed, lower-cased text, so it still counts against itself.
 */
export const DEFAULT_IPV6_PREFIX_LENGTH = 64;

const IPV4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0xffff];

/** The eight 16-bit groups of a valid IPv6 address (as `net.isIPv6` accepts it). */
const ipv6Groups = (address: string): number[] => {
  let text = address;
  // A trailing dotted IPv4 part (`::ffff:7.7.7.7`) is the last two groups (`::ffff:707:707`).
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const [a, b, c, d] = last.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string): number[] => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const [head, rest] = text.split('::');
  const left = parse(head);
  if (rest === undefined) return left;
  const right = parse(rest);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
};

/** RFC 5952: lower-case hex, no leading zeros, the longest run (2 or more) of zero groups as `::`. */
const formatIpv6 = (groups: number[]): string => {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
};

const maskGroups = (groups: number[], prefixLength: number): number[] =>
  groups.map((group, index) => {
    const bits = Math.min(16, Math.max(0, prefixLength - index * 16));
    return bits === 0 ? 0 : group & ((0xffff << (16 - bits)) & 0xffff);
  });

export const rateLimitIdentity = (address: string, ipv6PrefixLength = DEFAULT_IPV6_PREFIX_LENGTH): string => {
  const bare = address
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '')
    .toLowerCase();
  if (net.isIPv4(bare)) return bare;
  if (!net.isIPv6(bare)) return address.trim().toLowerCase();
  const groups = ipv6Groups(bare);
  if (IPV4_MAPPED_PREFIX.every((group, index) => groups[index] === group)) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${formatIpv6(maskGroups(groups, ipv6PrefixLength))}/${ipv6PrefixLength}`;
};
