import { rateLimitIdentity } from '../../../src/api/quote-request/domain/client-address';

describe('rateLimitIdentity', () => {
  it.each([
    // One IPv6 client, however it is spelled, and whichever address of its /64 it takes.
    ['2001:db8::9', '2001:db8::/64'],
    ['2001:DB8::9', '2001:db8::/64'],
    ['2001:db8:0:0:0:0:0:9', '2001:db8::/64'],
    ['2001:0db8:0000:0000:0000:0000:0000:0009', '2001:db8::/64'],
    ['2001:db8::a', '2001:db8::/64'],
    ['2001:db8::ffff:ffff:ffff:ffff', '2001:db8::/64'],
    ['[2001:db8::9]', '2001:db8::/64'],
    ['fe80::1%eth0', 'fe80::/64'],
    ['2001:db8:0:1::9', '2001:db8:0:1::/64'],
    ['2001:db8:1::1', '2001:db8:1::/64'],
    ['2001:db8:aaaa:bbbb:1:2:3:4', '2001:db8:aaaa:bbbb::/64'],
    ['::1', '::/64'],
    ['::', '::/64'],
    // IPv4, and IPv4 reaching a dual-stack socket as an IPv4-mapped IPv6 address.
    ['7.7.7.7', '7.7.7.7'],
    ['::ffff:7.7.7.7', '7.7.7.7'],
    ['::FFFF:7.7.7.7', '7.7.7.7'],
    ['::ffff:707:707', '7.7.7.7'],
    ['0:0:0:0:0:ffff:0707:0707', '7.7.7.7'],
    ['::ffff:203.0.113.255', '203.0.113.255'],
    // Not an address: counted as its own text.
    [' Unknown ', 'unknown'],
  ])('%s -> %s', (address, identity) => {
    expect(rateLimitIdentity(address)).toBe(identity);
  });

  it('groups IPv6 clients by the configured prefix length', () => {
    expect(rateLimitIdentity('2001:db8:aaaa:bbbb:1:2:3:4', 48)).toBe('2001:db8:aaaa::/48');
    expect(rateLimitIdentity('2001:db8:aaaa:bbbb:1:2:3:4', 56)).toBe('2001:db8:aaaa:bb00::/56');
    expect(rateLimitIdentity('2001:db8:aaaa:bbbb:1:2:3:4', 128)).toBe('2001:db8:aaaa:bbbb:1:2:3:4/128');
    expect(rateLimitIdentity('2001:DB8:0:0:0:0:0:9', 128)).toBe('2001:db8::9/128');
    expect(rateLimitIdentity('2001:db8:0:1:0:0:0:9', 128)).toBe('2001:db8:0:1::9/128');
    // RFC 5952: the longest run of zero groups is the one compressed, a single zero group is not.
    expect(rateLimitIdentity('2001:0:0:1:0:0:0:1', 128)).toBe('2001:0:0:1::1/128');
    expect(rateLimitIdentity('2001:db8:0:1:1:1:1:1', 128)).toBe('2001:db8:0:1:1:1:1:1/128');
  });

  it('tells different /64 networks and IPv4 addresses apart', () => {
    expect(rateLimitIdentity('2001:db8:0:1::9')).not.toBe(rateLimitIdentity('2001:db8::9'));
    expect(rateLimitIdentity('7.7.7.8')).not.toBe(rateLimitIdentity('7.7.7.7'));
    // An IPv4-compatible (deprecated) or NAT64 address is IPv6, not the IPv4 it embeds.
    expect(rateLimitIdentity('64:ff9b::707:707')).toBe('64:ff9b::/64');
  });
});
