import { whyRefused } from './target-address';

describe('whyRefused (where a webhook may be sent)', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.8.9.10', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['10.1.2.3', 'a private address'],
    ['172.16.5.4', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['169.254.169.254', 'the cloud metadata address'],
    ['169.254.1.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fd00::1', 'a unique-local address'],
    ['fc00::abcd', 'a unique-local address'],
    ['fd00:ec2::254', 'the cloud metadata address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['255.255.255.255', 'a broadcast address'],
    ['224.0.0.1', 'a multicast address'],
    ['::ffff:127.0.0.1', 'an IPv4-mapped form of a loopback address'],
    ['::ffff:10.0.0.1', 'an IPv4-mapped form of a private address'],
    ['::ffff:169.254.169.254', 'an IPv4-mapped form of the cloud metadata address'],
    ['64:ff9b::7f00:1', 'an IPv4-mapped form of a loopback address'],
    ['2001:db8::1', 'a reserved address'],
  ])('refuses %s as %s', (address, reason) => {
    expect(whyRefused(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(whyRefused(address)).toBeNull();
    },
  );

  it('refuses what is not an address', () => {
    expect(whyRefused('example.com')).toBe('not an IP address');
  });
});
