import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IncidentError } from '@firebreak/incident';
import { AddressRanges } from '@firebreak/operations';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type HostResolver, WebhookSender } from './notification-senders.js';
import { WebhookAddressPolicy } from './webhook-address-policy.js';

const strict = new WebhookAddressPolicy();
const allowing = (networks: string) => new WebhookAddressPolicy(AddressRanges.parse(networks));

describe(WebhookAddressPolicy.name, () => {
  it.each([
    // loopback, in every way a URL can write it
    'http://127.0.0.1/hook',
    'http://127.1/',
    'http://127.0.1/',
    'http://0177.0.0.1/',
    'http://0x7f.1/',
    'http://0x7F.0.0.0x1/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://017700000001/',
    'http://127.0.0.1./',
    'http://①②⑦.0.0.1/',
    'http://[::1]/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[0:0:0:0:0:ffff:127.0.0.1]/',
    'http://[::7f00:1]/',
    'http://[64:ff9b::7f00:1]/',
    'http://[2002:7f00:1::]/',
    'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/',
    // unspecified, link-local (cloud metadata), private, shared, unique local
    'http://0.0.0.0/',
    'http://0/',
    'http://[::]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://10.1.2.3/',
    'http://012.1.2.3/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://0xc0.0xa8.1.1/',
    'http://100.64.0.1/',
    'http://100.127.255.254/',
    'http://[fc00::1]/',
    'http://[fd12:3456::1]/',
    // multicast, broadcast, reserved and documentation ranges
    'http://224.0.0.1/',
    'http://239.255.255.250/',
    'http://[ff02::1]/',
    'http://255.255.255.255/',
    'http://240.0.0.1/',
    'http://192.0.2.10/',
    'http://198.18.0.1/',
    'http://[2001:db8::1]/',
    // names that never leave the site
    'http://localhost:8080/',
    'http://LOCALHOST./',
    'http://api.localhost/',
    'http://printer.local/',
    'http://metadata.google.internal/',
    'http://router.home.arpa/',
  ])('refuses %s', (url) => {
    expect(() => strict.checkUrl(url)).toThrow(IncidentError);
    expect(() => strict.checkUrl(url)).toThrow('The webhook URL must point at a public host.');
  });

  it.each([
    ['https://hooks.example.com/status', 'https://hooks.example.com/status'],
    ['https://fdic.example.com/x', 'https://fdic.example.com/x'],
    ['https://localhost.example.com/x', 'https://localhost.example.com/x'],
    ['https://8.8.8.8/hook', 'https://8.8.8.8/hook'],
    ['http://0x08.0x08.0x08.0x08/', 'http://8.8.8.8/'],
    ['http://134744072/', 'http://8.8.8.8/'],
    ['https://[2606:4700:4700::1111]/hook', 'https://[2606:4700:4700::1111]/hook'],
    ['https://[::ffff:8.8.4.4]/hook', 'https://[::ffff:808:404]/hook'],
  ])('accepts the public %s as %s', (url, normalised) => {
    expect(strict.checkUrl(url)).toBe(normalised);
  });

  it('refuses what is not an http(s) URL, or carries credentials, with what is wrong', () => {
    expect(() => strict.checkUrl('not a url')).toThrow('is not a URL');
    expect(() => strict.checkUrl('ftp://hooks.example.com/')).toThrow('must start with https://');
    expect(() => strict.checkUrl('https://user:pw@hooks.example.com/')).toThrow('no credentials');
  });

  it('lets through exactly the networks the operator allowed, in any form', () => {
    const sut = allowing('127.0.0.1/32, 10.20.0.0/16');
    expect(sut.checkUrl('http://127.0.0.1:8080/hook')).toBe('http://127.0.0.1:8080/hook');
    expect(sut.checkUrl('http://0x7f.1/')).toBe('http://127.0.0.1/');
    expect(sut.checkUrl('http://[::ffff:127.0.0.1]/')).toBe('http://[::ffff:7f00:1]/');
    expect(sut.checkUrl('http://10.20.3.4/')).toBe('http://10.20.3.4/');
    expect(sut.checkUrl('http://hooks.corp.internal/')).toBe('http://hooks.corp.internal/');
    expect(() => sut.checkUrl('http://127.0.0.2/')).toThrow(IncidentError);
    expect(() => sut.checkUrl('http://10.21.0.1/')).toThrow(IncidentError);
    expect(() => sut.checkUrl('http://[::1]/')).toThrow(IncidentError);
    expect(sut.permits('127.0.0.1')).toBe(true);
    expect(sut.permits('::ffff:7f00:1')).toBe(true);
    expect(sut.permits('127.0.0.2')).toBe(false);
  });

  it('judges every spelling of an IPv4 address as the address itself (property)', () => {
    const part = (value: number, radix: 'decimal' | 'hex' | 'octal') =>
      radix === 'hex'
        ? `0x${value.toString(16)}`
        : radix === 'octal'
          ? `0${value.toString(8)}`
          : String(value);
    const spelling = fc.record({
      address: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      parts: fc.constantFrom(1, 2, 3, 4),
      radixes: fc.array(fc.constantFrom('decimal' as const, 'hex' as const, 'octal' as const), {
        minLength: 4,
        maxLength: 4,
      }),
      mapped: fc.constantFrom('none', 'dotted', 'hex'),
    });
    fc.assert(
      fc.property(spelling, ({ address, parts, radixes, mapped }) => {
        const octets = [24, 16, 8, 0].map((shift) => (address >>> shift) & 255);
        const dotted = octets.join('.');
        const head = octets.slice(0, parts - 1);
        const tail = octets.slice(parts - 1).reduce((value, octet) => value * 256 + octet, 0);
        const literal =
          mapped === 'dotted'
            ? `[::ffff:${dotted}]`
            : mapped === 'hex'
              ? `[::ffff:${(address >>> 16).toString(16)}:${(address & 0xffff).toString(16)}]`
              : [...head, tail].map((value, index) => part(value, radixes[index]!)).join('.');
        const isPublic = ipaddr.IPv4.parse(dotted).range() === 'unicast';
        const check = () => strict.checkUrl(`http://${literal}/hook`);
        if (isPublic)
          expect(new URL(check()).hostname).toBe(
            mapped === 'none' ? dotted : new URL(`http://${literal}`).hostname,
          );
        else expect(check).toThrow('must point at a public host');
      }),
      { numRuns: 2_000 },
    );
  });
});

/** A loopback HTTP server on a chosen loopback address that counts what reaches it. */
class CountingServer {
  hits = 0;
  private readonly server: Server;
  constructor(
    answer: (response: import('node:http').ServerResponse) => void = (r) => r.writeHead(204).end(),
  ) {
    this.server = createServer((request, response) => {
      this.hits += 1;
      request.resume();
      request.on('end', () => answer(response));
    });
  }
  async listen(host: string, port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve));
    return (this.server.address() as AddressInfo).port;
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe(`${WebhookSender.name} at connect time`, () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  const started = async (
    host: string,
    answer?: ConstructorParameters<typeof CountingServer>[0],
    port = 0,
  ) => {
    const server = new CountingServer(answer);
    const listening = await server.listen(host, port);
    cleanup.push(() => server.close());
    return { server, port: listening };
  };
  const sender = (policy: WebhookAddressPolicy, resolve?: HostResolver) => {
    const sut = new WebhookSender(2_000, policy, resolve);
    cleanup.push(() => sut.close());
    return sut;
  };
  const deliver = (sut: WebhookSender, url: string) => sut.send(url, 'secret', 'event:1:1', '{}', new Date());
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('refuses a name that resolves to 127.0.0.1 unless loopback is allowed', async () => {
    const { server, port } = await started('127.0.0.1');
    await expect(deliver(sender(strict), `http://localhost:${port}/`)).rejects.toThrow(
      'localhost resolves to no public address',
    );
    expect(server.hits).toBe(0);
    await expect(
      deliver(sender(allowing('127.0.0.1')), `http://localhost:${port}/`),
    ).resolves.toBeUndefined();
    expect(server.hits).toBe(1);
  });

  it('checks IP literals when delivering too (a URL stored under another rule reaches nothing)', async () => {
    const { server, port } = await started('127.0.0.1');
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]'])
      await expect(deliver(sender(strict), `http://${host}:${port}/`)).rejects.toThrow(
        'is not a public address',
      );
    expect(server.hits).toBe(0);
  });

  it('resolves at every connection, so DNS that changes its answer (rebinding) cannot reach a private address', async () => {
    // The receiver closes each connection, so every delivery connects (and resolves) anew.
    const allowed = await started('127.0.0.2', (response) =>
      response.writeHead(204, { connection: 'close' }).end(),
    );
    const private_ = await started('127.0.0.1', undefined, allowed.port);
    let answer = '127.0.0.2';
    const resolve: HostResolver = (_hostname, _options, callback) =>
      callback(null, [{ address: answer, family: 4 }]);
    const sut = sender(allowing('127.0.0.2'), resolve);
    const url = `http://hooks.example.test:${allowed.port}/hook`;

    await deliver(sut, url);
    expect(allowed.server.hits).toBe(1);
    answer = '127.0.0.1';
    await expect(deliver(sut, url)).rejects.toThrow('hooks.example.test resolves to no public address');
    expect(private_.server.hits).toBe(0);
  });

  it('follows no redirect, so a public receiver cannot send a delivery on to a private address', async () => {
    const target = await started('127.0.0.1');
    const redirecting = await started('127.0.0.2', (response) =>
      response.writeHead(307, { location: `http://127.0.0.1:${target.port}/` }).end(),
    );
    await expect(
      deliver(sender(allowing('127.0.0.2')), `http://127.0.0.2:${redirecting.port}/hook`),
    ).rejects.toThrow('HTTP 307');
    expect(redirecting.server.hits).toBe(1);
    expect(target.server.hits).toBe(0);
  });
});
