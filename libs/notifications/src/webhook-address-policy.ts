import { IncidentError } from '@firebreak/incident';
import ipaddr from 'ipaddr.js';

/** Networks the operator lets webhooks reach although they are not public (on-premises receivers, tests). */
export interface AllowedNetworks {
  readonly isEmpty: boolean;
  includes(address: string): boolean;
}

const NO_NETWORKS: AllowedNetworks = { isEmpty: true, includes: () => false };

/** Where IPv6 is routed on the internet; the rest (::/96 IPv4-compatible, 64:ff9b::/96 NAT64…) is not public. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/** Names that never leave the machine or the site (RFC 6761, RFC 6762, RFC 8375) and the cloud's internal zone. */
const LOCAL_NAMES = ['localhost', 'local', 'internal', 'home.arpa'];

/**
 * The one rule for where webhook deliveries may go: a public unicast address, or one in a network the operator
 * allowed. ipaddr.js classifies addresses (loopback, private, link-local, carrier-grade NAT, multicast,
 * unspecified, reserved, documentation, 6to4, Teredo, NAT64…) and only `unicast` passes; IPv4-mapped IPv6
 * counts as the IPv4 address inside. URLs are checked after WHATWG URL has normalised their host, so `0x7f.1`,
 * `0177.0.0.1`, `2130706433` and `127.1` are all `127.0.0.1` by then; names are checked when connecting.
 */
export class WebhookAddressPolicy {
  constructor(private readonly allowed: AllowedNetworks = NO_NETWORKS) {}

  /** Whether a delivery may connect to this IP address. */
  permits(address: string): boolean {
    const parsed = ipAddress(address);
    if (!parsed) return false;
    return isPublic(parsed) || this.allowed.includes(parsed.toString());
  }

  /** An http(s) webhook URL, normalised, or a refusal naming what is wrong with it. */
  checkUrl(value: string): string {
    const url = parseUrl(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw IncidentError.invalid('webhook', 'A webhook URL must start with https:// (or http://).');
    if (url.username || url.password)
      throw IncidentError.invalid('webhook', 'Put no credentials in the webhook URL.');
    const literal = ipAddress(url.hostname);
    const refused = literal ? !this.permits(url.hostname) : this.allowed.isEmpty && isLocalName(url.hostname);
    if (refused) throw IncidentError.invalid('webhook', 'The webhook URL must point at a public host.');
    return url.toString();
  }
}

function parseUrl(value: string): URL {
  try {
    return new URL(value.trim());
  } catch {
    throw IncidentError.invalid('webhook', `"${value}" is not a URL.`);
  }
}

/** An IP address as the network sees it (`[::ffff:7f00:1]` is 127.0.0.1), or null for a name. */
function ipAddress(host: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare) && !ipaddr.IPv6.isValid(bare)) return null;
  return ipaddr.process(bare);
}

function isPublic(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (address.range() !== 'unicast') return false;
  return address.kind() === 'ipv4' || address.match(GLOBAL_UNICAST_V6[0], GLOBAL_UNICAST_V6[1]);
}

function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return LOCAL_NAMES.some((local) => name === local || name.endsWith(`.${local}`));
}
