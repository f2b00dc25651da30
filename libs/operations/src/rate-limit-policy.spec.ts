import { describe, expect, it } from 'vitest';
import type { RateLimitRule } from './operations-options.js';
import { type RateLimitedCall, RateLimitPolicy } from './rate-limit-policy.js';

const minute = 60_000;
const commands: RateLimitRule = {
  name: 'commands',
  per: 'caller',
  limit: 600,
  windowMs: minute,
  routes: ['POST /api/v1/commands'],
};
const subscribePerMinute: RateLimitRule = {
  name: 'public',
  per: 'address',
  limit: 60,
  windowMs: minute,
  routes: ['POST /api/v1/subscriptions'],
};
const subscribePerHour: RateLimitRule = {
  name: 'subscribe',
  per: 'address',
  limit: 20,
  windowMs: 3_600_000,
  routes: ['POST /api/v1/subscriptions'],
};
const writes: RateLimitRule = { name: 'writes', per: 'caller', limit: 600, windowMs: minute };
const anonymous: RateLimitRule = { name: 'unauthenticated', per: 'address', limit: 60, windowMs: minute };

const call = (overrides: Partial<RateLimitedCall>): RateLimitedCall => ({
  method: 'POST',
  route: '/api/v1/commands',
  caller: 'ops',
  address: '203.0.113.7',
  ...overrides,
});

const describeBuckets = (sut: RateLimitPolicy, each: RateLimitedCall) =>
  sut.bucketsFor(each).map((bucket) => `${bucket.rule.name} ${bucket.subject}`);

describe(RateLimitPolicy.name, () => {
  const sut = new RateLimitPolicy([commands, subscribePerMinute, subscribePerHour, writes], anonymous);

  it('counts an authenticated caller by name, wherever it calls from', () => {
    expect(describeBuckets(sut, call({}))).toEqual(['commands caller:ops']);
    expect(describeBuckets(sut, call({ address: '198.51.100.1' }))).toEqual(['commands caller:ops']);
  });

  it('counts a call without a caller against its address, apart from every caller', () => {
    expect(describeBuckets(sut, call({ caller: null }))).toEqual(['unauthenticated address:203.0.113.7']);
  });

  it('applies every rule that names the route, per address on public routes', () => {
    expect(
      describeBuckets(sut, call({ route: '/api/v1/subscriptions', caller: null, address: '::1' })),
    ).toEqual(['public address:::1', 'subscribe address:::1']);
  });

  it('gives every other mutating route to the catch-all rule, and leaves reads alone', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'delete'])
      expect(describeBuckets(sut, call({ method, route: '/api/v1/incidents/:ref' }))).toEqual([
        'writes caller:ops',
      ]);
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(describeBuckets(sut, call({ method, route: '/api/v1/incidents/:ref' }))).toEqual([]);
    expect(describeBuckets(sut, call({ method: 'GET', route: '/api/v1/commands' }))).toEqual([]);
  });

  it('lets a limit of 0 turn its routes off without handing them to the catch-all rule', () => {
    const off = new RateLimitPolicy([{ ...commands, limit: 0 }, writes], { ...anonymous, limit: 0 });
    expect(describeBuckets(off, call({}))).toEqual([]);
    expect(describeBuckets(off, call({ caller: null }))).toEqual([]);
    expect(describeBuckets(off, call({ route: '/api/v1/components' }))).toEqual(['writes caller:ops']);
  });

  it('counts nothing for anonymous callers of per-caller routes when no anonymous allowance is set', () => {
    expect(describeBuckets(new RateLimitPolicy([commands], null), call({ caller: null }))).toEqual([]);
  });
});
