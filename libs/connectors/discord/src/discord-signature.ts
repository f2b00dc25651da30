import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** Discord signs with the current time; older requests are refused as replays. */
const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

export type SignatureVerdict = 'valid' | 'missing' | 'forged' | 'stale';

/** Verifies Discord's `X-Signature-Ed25519` over `timestamp + raw body` with the application's public key. */
export class DiscordSignatureVerifier {
  private readonly key: KeyObject;

  constructor(publicKeyHex: string) {
    this.key = createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]),
      format: 'der',
      type: 'spki',
    });
  }

  check(
    signature: string | undefined,
    timestamp: string | undefined,
    rawBody: Buffer | undefined,
    nowSeconds: number = Date.now() / 1000,
  ): SignatureVerdict {
    if (!signature || !timestamp || !rawBody) return 'missing';
    if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return 'forged';
    const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]);
    if (!verify(null, signed, this.key, Buffer.from(signature, 'hex'))) return 'forged';
    // Checked after the signature, so the timestamp itself is known to be Discord's.
    if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS) return 'stale';
    return 'valid';
  }
}
