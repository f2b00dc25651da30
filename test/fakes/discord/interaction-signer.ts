import { generateKeyPairSync, sign as signBytes } from 'node:crypto';

/**
 * Signs HTTP interaction requests the way Discord does: Ed25519 over `timestamp + rawBody`, both signature and
 * public key hex-encoded. One key pair per test process.
 */
const { publicKey, privateKey } = generateKeyPairSync('ed25519');

const rawPublicKey = publicKey.export({ format: 'jwk' }).x;
if (!rawPublicKey) throw new Error('Ed25519 JWK export has no "x" member');

/** The 32-byte raw public key as hex: the value Discord shows as the application's PUBLIC KEY. */
export const publicKeyHex = Buffer.from(rawPublicKey, 'base64url').toString('hex');

/** Hex Ed25519 signature of `timestamp + rawBody`, as sent in `X-Signature-Ed25519`. */
export function sign(timestamp: string, rawBody: string): string {
  return signBytes(null, Buffer.from(timestamp + rawBody, 'utf8'), privateKey).toString('hex');
}

/** The two headers Discord puts on an interaction POST. The timestamp is Unix seconds. */
export function signatureHeaders(
  rawBody: string,
  timestamp: string = Math.floor(Date.now() / 1000).toString(),
): { 'X-Signature-Ed25519': string; 'X-Signature-Timestamp': string } {
  return { 'X-Signature-Ed25519': sign(timestamp, rawBody), 'X-Signature-Timestamp': timestamp };
}
