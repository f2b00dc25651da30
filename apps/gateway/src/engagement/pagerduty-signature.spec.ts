import { describe, expect, it } from 'vitest';
import { signPagerDutyWebhook, verifyPagerDutySignature } from './pagerduty-signature.js';

const body = Buffer.from(
  '{"event":{"id":"01","event_type":"incident.acknowledged","agent":{"summary":"Zoë"}}}',
);
const old = 'old-secret-0123456789abcdef';
const rotated = 'new-secret-0123456789abcdef';

describe(verifyPagerDutySignature.name, () => {
  it('accepts a body signed with any configured secret, among the signatures PagerDuty lists', () => {
    const header = `${signPagerDutyWebhook('someone-elses-secret-0123', body)},${signPagerDutyWebhook(rotated, body)}`;
    expect(verifyPagerDutySignature([old, rotated], body, header)).toBe(true);
    expect(verifyPagerDutySignature([old], body, signPagerDutyWebhook(old, body))).toBe(true);
  });

  it('refuses a changed body, another secret, a missing or malformed header', () => {
    const header = signPagerDutyWebhook(old, body);
    expect(verifyPagerDutySignature([old], Buffer.from(`${body.toString()} `), header)).toBe(false);
    expect(verifyPagerDutySignature([rotated], body, header)).toBe(false);
    expect(verifyPagerDutySignature([old], body, undefined)).toBe(false);
    expect(verifyPagerDutySignature([old], undefined, header)).toBe(false);
    expect(verifyPagerDutySignature([old], body, header.replace('v1=', 'v0='))).toBe(false);
    expect(verifyPagerDutySignature([old], body, 'v1=abc')).toBe(false);
    expect(verifyPagerDutySignature([], body, header)).toBe(false);
  });
});
