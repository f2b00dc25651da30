import { createHmac, timingSafeEqual } from 'node:crypto';

export const PAGERDUTY_SIGNATURE_HEADER = 'x-pagerduty-signature';

/** `v1=<hex HMAC-SHA256 of the raw body>` for one secret, as PagerDuty signs a v3 webhook. */
export function signPagerDutyWebhook(secret: string, body: Buffer | string): string {
  return `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Whether one of the header's signatures (`v1=…,v1=…`: PagerDuty signs with every secret of the subscription
 * while one is rotated) is the HMAC of the raw body under one of the configured secrets. Compared in constant time.
 */
export function verifyPagerDutySignature(
  secrets: readonly string[],
  body: Buffer | undefined,
  header: string | undefined,
): boolean {
  if (!body || !header) return false;
  const given = header
    .split(',')
    .map((each) => each.trim())
    .filter((each) => each.startsWith('v1='))
    .map((each) => each.slice(3))
    .filter((hex) => hex.length === 64 && /^[0-9a-f]+$/i.test(hex))
    .map((hex) => Buffer.from(hex, 'hex'));
  return secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(body).digest();
    return given.some((signature) => timingSafeEqual(expected, signature));
  });
}
