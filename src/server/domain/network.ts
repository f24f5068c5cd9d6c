// Which destinations are not public: webhooks are refused there unless allowed. Addresses are
// read by ipaddr.js (every IPv4 spelling — dotted, decimal, hex, octal — and IPv6 with the IPv4
// it may carry: mapped, compatible, NAT64, 6to4), so `[::ffff:7f00:1]` is the loopback it is.
import ipaddr from 'ipaddr.js'

/** The IPv4 address an IPv6 one carries, where it carries one in the clear. */
function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = v6.range()
  const parts = v6.parts
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff])
  if (range === 'ipv4Mapped') return v6.toIPv4Address()
  // NAT64 (64:ff9b::/96) and IPv4-compatible (::a.b.c.d): the last 32 bits.
  if (range === 'rfc6052' || parts.slice(0, 6).every((p) => p === 0)) return v4(parts[6]!, parts[7]!)
  // 6to4 (2002:AABB:CCDD::/48): bits 16 to 48.
  if (range === '6to4') return v4(parts[1]!, parts[2]!)
  return null
}

/**
 * Whether an address is anything but a public unicast one: loopback, private, link-local,
 * carrier-grade NAT, unspecified, broadcast, multicast, reserved, unique-local — and an IPv6
 * address that carries a non-public IPv4, or a Teredo one (which hides its IPv4).
 */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true // not an address: nothing to connect to safely
  const parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv4') return (parsed as ipaddr.IPv4).range() !== 'unicast'
  const v6 = parsed as ipaddr.IPv6
  const v4 = embeddedIPv4(v6)
  if (v4) return v4.range() !== 'unicast'
  const range = v6.range()
  return range !== 'unicast' && range !== 'rfc6052' && range !== '6to4'
}

/** A URL host that is not public on its face: localhost, or an address literal that is not public. */
export function isPrivateHost(hostname: string): boolean {
  // (A trailing dot names the same host: `localhost.` is localhost.)
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  return ipaddr.isValid(host) && isPrivateAddress(host)
}
