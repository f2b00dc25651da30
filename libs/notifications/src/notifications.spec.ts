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
          title: 'Slow',
          severity: 'critical',
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
      page: { id: 'p', status_indicator: 'critical', status_description: 'Major System Outage' },
      incident: {
        id: 'INC-2',
        status: 'identified',
        impact: 'critical',
        shortlink: 'https://status.acme.test/incidents/INC-2',
        incident_updates: [
          { body: 'Fix coming', status: 'identified', affected_components: null, incident_id: 'INC-2' },
        ],
        postmortem_body: null,
      },
    });
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
