import ipaddr from 'ipaddr.js';

const CLOUD_METADATA = ['169.254.169.254', 'fd00:ec2::254'];

const REASONS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique-local address',
  unspecified: 'an unspecified address',
  carrierGradeNat: 'a carrier-grade NAT address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

/**
 * Why a webhook may not be sent to this IP address, or null when it is a public unicast one.
 * Anything but public unicast is refused (loopback, private, link-local and the cloud metadata
 * address, unique-local, unspecified, carrier-grade NAT, reserved…); IPv6 forms that embed an
 * IPv4 address (IPv4-mapped, NAT64) are judged by the address they carry.
 */
export function whyRefused(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (CLOUD_METADATA.includes(v6.toRFC5952String())) return 'the cloud metadata address';
    const embedded = embeddedIPv4(v6);
    if (embedded) {
      const why = whyRefused(embedded.toString());
      return why ? `an IPv4-mapped form of ${why}` : null;
    }
  } else if (CLOUD_METADATA.includes(parsed.toString())) {
    return 'the cloud metadata address';
  }
  const range = parsed.range();
  if (range === 'unicast') return null;
  return REASONS[range] ?? `a ${range} address`;
}

/** The IPv4 address an IPv4-mapped (::ffff:a.b.c.d), IPv4-translated or NAT64 address carries. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = address.range();
  if (range !== 'ipv4Mapped' && range !== 'rfc6145' && range !== 'rfc6052') return null;
  const [hi, lo] = address.parts.slice(6);
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}
