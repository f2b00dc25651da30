import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressRanges, addressRangesVariable, parseAddress } from './address-ranges.js';
import { trustedProxyFilter } from './trusted-proxies.js';

const dotted = (value: number) => [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');

describe(AddressRanges.name, () => {
  it('holds addresses and networks of both families, IPv4-mapped IPv6 counting as IPv4', () => {
    const sut = AddressRanges.parse(' 172.28.0.10, 10.0.0.0/8 ,fd00::/8,2001:db8::1 ');
    expect(sut.includes('172.28.0.10')).toBe(true);
    expect(sut.includes('::ffff:172.28.0.10')).toBe(true);
    expect(sut.includes('172.28.0.11')).toBe(false);
    expect(sut.includes('10.200.3.4')).toBe(true);
    expect(sut.includes('::ffff:a00:1')).toBe(true);
    expect(sut.includes('fd12:3456::1')).toBe(true);
    expect(sut.includes('[2001:db8::1]')).toBe(true);
    expect(sut.includes('2001:db8::2')).toBe(false);
    expect(sut.includes('not an address')).toBe(false);
    expect(sut.toString()).toBe('172.28.0.10/32, 10.0.0.0/8, fd00::/8, 2001:db8::1/128');
  });

  it('is empty when the list is, and then includes nothing', () => {
    expect(AddressRanges.parse('').isEmpty).toBe(true);
    expect(AddressRanges.parse(' , ').includes('127.0.0.1')).toBe(false);
  });

  it.each([
    ['nginx', 'is not an IP address or CIDR network'],
    ['10.0.0.0/33', 'the prefix length must be 0 to 32'],
    ['fd00::/129', 'the prefix length must be 0 to 128'],
    ['10.0.0.0/8/8', 'is not an IP address or CIDR network'],
    ['10.1', 'is not an IP address or CIDR network'],
    ['0x0a.0.0.1', 'is not an IP address or CIDR network'],
    ['10.0.0.0/-1', 'the prefix length must be 0 to 32'],
  ])('refuses %s in configuration, naming it', (entry, message) => {
    expect(() => AddressRanges.parse(`127.0.0.1, ${entry}`)).toThrow(`"${entry}"`);
    expect(() => AddressRanges.parse(entry)).toThrow(message);
    const parsed = addressRangesVariable.safeParse(entry);
    expect(parsed.success).toBe(false);
  });

  it('contains exactly the addresses that share the network prefix (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 32 }),
        (network, address, bits) => {
          const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
          const sut = AddressRanges.parse(`${dotted(network)}/${bits}`);
          const expected = (network & mask) >>> 0 === (address & mask) >>> 0;
          expect(sut.includes(dotted(address))).toBe(expected);
          expect(sut.includes(`::ffff:${dotted(address)}`)).toBe(expected);
        },
      ),
    );
  });

  it('never throws anything but a clear error on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          AddressRanges.parse(text);
        } catch (error) {
          expect((error as Error).message).toMatch(/is not an IP address or CIDR network|prefix length/);
        }
      }),
    );
  });
});

describe(parseAddress.name, () => {
  it('reads bracketed IPv6 as URLs write it and unwraps IPv4-mapped addresses', () => {
    expect(parseAddress('[::ffff:7f00:1]')?.toString()).toBe('127.0.0.1');
    expect(parseAddress('fe80::1')?.kind()).toBe('ipv6');
    expect(parseAddress('example.com')).toBeNull();
  });
});

describe(trustedProxyFilter.name, () => {
  it('trusts only the listed proxies', () => {
    const trusts = trustedProxyFilter(AddressRanges.parse('172.28.0.10'));
    expect(trusts('172.28.0.10')).toBe(true);
    expect(trusts('::ffff:172.28.0.10')).toBe(true);
    expect(trusts('172.28.0.11')).toBe(false);
    expect(trustedProxyFilter(AddressRanges.NONE)('127.0.0.1')).toBe(false);
  });
});
