import { checkWebhookUrl, IncidentError, type OutboxEvent } from '@firebreak/incident';
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookSender } from './notification-senders.js';
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

describe('webhook URLs', () => {
  it.each([
    'http://127.0.0.1/x',
    'http://localhost:8080/',
    'http://10.1.2.3/',
    'http://[::1]/',
    'http://192.168.0.1',
  ])('refuses the private address %s unless allowed', (url) => {
    expect(() => checkWebhookUrl(url, false)).toThrow(IncidentError);
    expect(checkWebhookUrl(url, true)).toContain('http');
  });
  it('does not count names that merely start like IPv6 prefixes as private', () => {
    expect(checkWebhookUrl('https://fdic.example.com/x', false)).toBe('https://fdic.example.com/x');
    expect(() => checkWebhookUrl('http://[::ffff:127.0.0.1]/', false)).toThrow(IncidentError);
  });

  it('refuses at connect time a name that resolves to a private address', async () => {
    const server = createServer((_request, response) => response.writeHead(204).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
    const strict = new WebhookSender(2_000, false);
    const lenient = new WebhookSender(2_000, true);
    try {
      await expect(strict.send(url, 's', 'd', '{}', new Date())).rejects.toThrow(
        'resolves to a private address',
      );
      await expect(lenient.send(url, 's', 'd', '{}', new Date())).resolves.toBeUndefined();
    } finally {
      strict.close();
      lenient.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('accepts a public https URL', () => {
    expect(checkWebhookUrl('https://hooks.example.com/status', false)).toBe(
      'https://hooks.example.com/status',
    );
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
