import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Firebreak-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` */
export const WEBHOOK_SIGNATURE_HEADER = 'x-firebreak-signature';
/** The delivery's stable id: the same on every retry, so a receiver can drop a repeat. */
export const WEBHOOK_DELIVERY_HEADER = 'x-firebreak-delivery';

export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/**
 * Checks a signature header against the raw body, within `toleranceSeconds` of `nowSeconds` (replays of old
 * deliveries fail). What a subscriber's receiver runs; documented in the subscription contract.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | undefined,
  nowSeconds: number = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(
    (header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]),
  );
  const timestamp = Number(parts['t']);
  const given = parts['v1'];
  if (!Number.isInteger(timestamp) || !given || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
