import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** The default `TRUSTED_PROXIES`: only a proxy on this machine is believed. */
export const DEFAULT_TRUSTED_PROXIES = '127.0.0.0/8,::1';

/** A parsed `TRUSTED_PROXIES` list; build it once at start with `parseTrustedProxies`. */
export interface TrustedProxies {
  contains(address: string): boolean;
}

/**
 * Parses a comma-separated CIDR list (bare addresses mean one host).
 * Throws naming the first bad entry, so a bad environment fails at start.
 */
export function parseTrustedProxies(list: string | readonly string[] = DEFAULT_TRUSTED_PROXIES): TrustedProxies {
  const entries = (typeof list === 'string' ? list.split(',') : list).map((entry) => entry.trim()).filter(Boolean);
  const ranges = entries.map(parseRange);
  // The same few peers (the gateway, the proxies) ask on every request; parsing them each time was
  // a measurable share of the REST hot path.
  const known = new BoundedCache<boolean>();
  return {
    contains(address: string): boolean {
      let answer = known.get(address);
      if (answer === undefined) {
        const parsed = parseAddress(address);
        answer = parsed !== null && inRanges(parsed, ranges);
        known.set(address, answer);
      }
      return answer;
    },
  };
}

/** A string-keyed memo that forgets everything once full, so hostile input cannot grow it without bound. */
class BoundedCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit = 1024) {}

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: T): void {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
  }
}

// A socket's peer in canonical text (or null when unreadable), by the text the socket reports.
const peers = new BoundedCache<string | null>();

function canonicalPeer(remote: string | undefined): string | null {
  if (remote === undefined || remote === '') return null;
  let peer = peers.get(remote);
  if (peer === undefined) {
    peer = parseAddress(remote)?.toString() ?? null;
    peers.set(remote, peer);
  }
  return peer;
}

/**
 * The caller's address (ARCHITECTURE §7): proxy headers count only when the
 * peer is a trusted proxy; then the client is the right-most untrusted
 * `X-Forwarded-For` hop, else `X-Real-IP`, else the peer. `null` when no
 * address is known, so SQL gets NULL rather than an unparsable `inet`.
 */
export function resolveClientIp(req: IncomingMessage, trusted: TrustedProxies): string | null {
  const peer = canonicalPeer(req.socket.remoteAddress);
  if (peer === null) {
    return null;
  }
  if (!trusted.contains(peer)) {
    return peer;
  }
  const forwarded = headerValues(req.headers['x-forwarded-for']).flatMap((value) => value.split(','));
  let leftmost: Address | null = null;
  for (let i = forwarded.length - 1; i >= 0; i -= 1) {
    const hop = parseAddress(stripPort(forwarded[i]?.trim() ?? ''));
    if (hop === null) {
      // Whatever sits left of a hop we cannot read was written by nobody we trust.
      leftmost = null;
      break;
    }
    if (!trusted.contains(hop.toString())) {
      return hop.toString();
    }
    leftmost = hop;
  }
  if (leftmost !== null) {
    // Every hop was one of our proxies: the request started inside the trusted network.
    return leftmost.toString();
  }
  const realIp = parseAddress(stripPort(headerValues(req.headers['x-real-ip'])[0]?.trim() ?? ''));
  return realIp === null ? peer : realIp.toString();
}

function parseRange(entry: string): [Address, number] {
  try {
    if (!entry.includes('/')) {
      const address = ipaddr.process(entry);
      return [address, address.kind() === 'ipv4' ? 32 : 128];
    }
    const [address, bits] = ipaddr.parseCIDR(entry);
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
      // Peers arrive normalised to IPv4, so a range written as ::ffff:a.b.c.d/n must be too.
      return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
    }
    return [address, bits];
  } catch {
    throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
  }
}

function parseAddress(text: string | undefined): Address | null {
  if (text === undefined || text === '') {
    return null;
  }
  try {
    // Only dotted quads: the legacy forms parse() also takes (0x7f.1, 2130706433) are not addresses a proxy writes.
    if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
      return ipaddr.IPv4.parse(text);
    }
    if (!ipaddr.IPv6.isValid(text)) {
      return null;
    }
    // process() turns ::ffff:a.b.c.d (how a dual-stack socket reports IPv4 peers) into a.b.c.d.
    const address = ipaddr.process(text);
    if (address.kind() === 'ipv6') {
      // A zone id (fe80::1%eth0) is meaningless beyond this host and PostgreSQL's inet rejects it.
      delete (address as ipaddr.IPv6).zoneId;
    }
    return address;
  } catch {
    return null;
  }
}

function inRanges(address: Address, ranges: ReadonlyArray<[Address, number]>): boolean {
  return ranges.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}

// Some proxies append the source port: "203.0.113.7:4711" or "[2001:db8::1]:4711".
function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed?.[1] !== undefined) {
    return bracketed[1];
  }
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return ipv4WithPort?.[1] ?? hop;
}

function headerValues(value: string | string[] | undefined): string[] {
  if (value === undefined) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}
