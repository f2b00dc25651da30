import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  const body = '{"a":1}';
  it('verifies its own signature and refuses a changed body, a wrong secret and an old timestamp', () => {
    const header = signWebhook('secret', body, 1_000_000);
    expect(verifyWebhookSignature('secret', body, header, 1_000_010)).toBe(true);
    expect(verifyWebhookSignature('secret', '{"a":2}', header, 1_000_010)).toBe(false);
    expect(verifyWebhookSignature('other', body, header, 1_000_010)).toBe(false);
    expect(verifyWebhookSignature('secret', body, header, 1_000_000 + 301)).toBe(false);
    expect(verifyWebhookSignature('secret', body, undefined)).toBe(false);
  });
});
