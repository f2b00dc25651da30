import ipaddr from 'ipaddr.js';
import { z } from 'zod';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** An address as the network sees it: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is the IPv4 address; null if not one. */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return ipaddr.isValid(bare) ? ipaddr.process(bare) : null;
}

/**
 * A list of networks written `10.0.0.0/8, 172.28.0.10, fd00::/8` (a bare address is a network of one). Membership
 * treats IPv4-mapped IPv6 addresses as IPv4, so a dual-stack socket's `::ffff:172.28.0.10` is `172.28.0.10`.
 */
export class AddressRanges {
  static readonly NONE = new AddressRanges([]);

  private constructor(private readonly ranges: readonly Range[]) {}

  /** Throws with the entry at fault when one is not an address or CIDR network. */
  static parse(list: string): AddressRanges {
    const entries = list
      .split(',')
      .map((each) => each.trim())
      .filter(Boolean);
    return new AddressRanges(entries.map(parseRange));
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  includes(address: string): boolean {
    const parsed = parseAddress(address);
    if (!parsed) return false;
    return this.ranges.some(
      ([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits),
    );
  }

  toString(): string {
    return this.ranges.map(([network, bits]) => `${network.toString()}/${bits}`).join(', ');
  }
}

function parseRange(entry: string): Range {
  const [address = '', bits, ...rest] = entry.split('/');
  const network = strictAddress(address);
  if (!network || rest.length > 0) throw new Error(`"${entry}" is not an IP address or CIDR network`);
  const maximum = network.kind() === 'ipv4' ? 32 : 128;
  if (bits === undefined) return [network, maximum];
  const prefix = Number(bits);
  if (!/^\d{1,3}$/.test(bits) || prefix > maximum)
    throw new Error(`"${entry}": the prefix length must be 0 to ${maximum}`);
  return [network, prefix];
}

/** Configuration takes dotted-quad IPv4 only: `10.1` or `0x0a.0.0.1` are valid to the network, never meant here. */
function strictAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (ipaddr.IPv6.isValid(text)) return ipaddr.process(text);
  return null;
}

/** An environment variable holding such a list; empty or unset is the empty list. */
export const addressRangesVariable = z
  .string()
  .optional()
  .transform((value, context) => {
    try {
      return AddressRanges.parse(value ?? '');
    } catch (error) {
      context.addIssue({
        code: 'custom',
        message: `${(error as Error).message} (write addresses or networks, comma-separated)`,
      });
      return z.NEVER;
    }
  });
