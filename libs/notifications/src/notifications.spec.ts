import type { OutboxEvent } from '@firebreak/incident';
import { describe, expect, it } from 'vitest';
import { statuspagePayload } from './statuspage-payload.js';
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

describe(statuspagePayload.name, () => {
  const page = { id: 'p', name: 'Acme', url: 'https://status.acme.test' };
  it('shapes a published update like a Statuspage incident webhook', () => {
    const event: OutboxEvent = {
      type: 'status_update.published',
      position: 7,
      incidentRef: 'INC-2',
      occurredAt: new Date('2026-01-01T00:00:00.000Z'),
      payload: {
        incident: {
          ref: 'INC-2',
          title: 'Possible PII exposure - benefits eligibility S3 bucket public',
          publicTitle: 'Slow sign-in',
          severity: 'critical',
          publicImpact: 'major',
          status: 'identified',
          componentIds: [],
          declaredAt: '2026-01-01T00:00:00.000Z',
          resolvedAt: null,
        },
        update: {
          id: 3,
          body: 'Fix coming',
          status: 'identified',
          publishedAt: '2026-01-01T00:10:00.000Z',
          affectedComponents: [],
        },
      },
    };
    expect(statuspagePayload(event, page)).toMatchObject({
      page: { id: 'p', status_indicator: 'major', status_description: 'Partial System Outage' },
      incident: {
        id: 'INC-2',
        name: 'Slow sign-in',
        status: 'identified',
        impact: 'major',
        shortlink: 'https://status.acme.test/incidents/INC-2',
        incident_updates: [
          { body: 'Fix coming', status: 'identified', affected_components: null, incident_id: 'INC-2' },
        ],
        postmortem_body: null,
      },
    });
  });
  it('never shows the internal title or severity, even before a public impact was chosen', () => {
    const event: OutboxEvent = {
      type: 'status_update.published',
      position: 8,
      incidentRef: 'INC-3',
      occurredAt: new Date('2026-01-01T00:00:00.000Z'),
      payload: {
        incident: {
          ref: 'INC-3',
          title: 'Possible PII exposure - benefits eligibility S3 bucket public',
          publicTitle: 'Benefits site maintenance',
          severity: 'critical',
          publicImpact: null,
          status: 'investigating',
          componentIds: [],
          declaredAt: '2026-01-01T00:00:00.000Z',
          resolvedAt: null,
        },
        update: {
          id: 4,
          body: 'Checking',
          status: 'investigating',
          publishedAt: '2026-01-01T00:10:00.000Z',
          affectedComponents: [],
        },
      },
    };
    const payload = statuspagePayload(event, page);
    expect(payload).toMatchObject({ incident: { name: 'Benefits site maintenance', impact: 'none' } });
    expect(JSON.stringify(payload)).not.toMatch(/PII|critical/);
  });

  it('ignores events subscribers do not hear about', () => {
    const event = {
      type: 'incident.declared',
      position: 1,
      incidentRef: 'INC-1',
      occurredAt: new Date(),
      payload: {},
    } as OutboxEvent;
    expect(statuspagePayload(event, page)).toBeNull();
  });
});
