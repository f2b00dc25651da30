import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DiscordSignatureVerifier } from './discord-signature.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicKeyHex = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
const signed = (timestamp: string, body: string) =>
  sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');

describe(DiscordSignatureVerifier.name, () => {
  const sut = new DiscordSignatureVerifier(publicKeyHex);
  const now = 1_767_225_600;
  const body = '{"type":1}';

  it('accepts Discord’s signature over timestamp + raw body', () => {
    expect(sut.check(signed(String(now), body), String(now), Buffer.from(body), now)).toBe('valid');
  });

  it('calls a missing header or body missing', () => {
    expect(sut.check(undefined, String(now), Buffer.from(body), now)).toBe('missing');
    expect(sut.check(signed(String(now), body), undefined, Buffer.from(body), now)).toBe('missing');
    expect(sut.check(signed(String(now), body), String(now), undefined, now)).toBe('missing');
  });

  it('calls a signature by another key, over another body or timestamp, or not hex, forged', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const foreign = sign(null, Buffer.from(String(now) + body), other).toString('hex');
    expect(sut.check(foreign, String(now), Buffer.from(body), now)).toBe('forged');
    expect(sut.check(signed(String(now), body), String(now), Buffer.from('{"type":2}'), now)).toBe('forged');
    expect(sut.check(signed(String(now), body), String(now + 1), Buffer.from(body), now)).toBe('forged');
    expect(sut.check('zz', String(now), Buffer.from(body), now)).toBe('forged');
  });

  it('calls a genuine signature older than five minutes stale', () => {
    const old = String(now - 301);
    expect(sut.check(signed(old, body), old, Buffer.from(body), now)).toBe('stale');
    const recent = String(now - 299);
    expect(sut.check(signed(recent, body), recent, Buffer.from(body), now)).toBe('valid');
  });
});
