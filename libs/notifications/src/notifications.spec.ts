import { IncidentService, type OutboxEvent } from '@firebreak/incident';
import { FixedClock, InMemoryUnitOfWork } from '@firebreak/incident/testing';
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
  const lead = { actor: { id: 'discord:1', displayName: 'Zoë' }, location: null };

  /** The outbox events of a real incident: declared critical, then one public update. */
  async function publishedUpdate(): Promise<OutboxEvent> {
    const unitOfWork = new InMemoryUnitOfWork();
    const incidents = new IncidentService(unitOfWork, new FixedClock(new Date('2026-01-01T00:00:00.000Z')));
    await incidents.run('declare Slow checkout', lead);
    await incidents.run('sev INC-1 critical', lead);
    await incidents.run('status INC-1 identified', lead);
    await incidents.run('update INC-1 Fix coming', lead);
    return unitOfWork.events.find((each) => each.type === 'status_update.published')!;
  }

  it('shapes a published update like a Statuspage incident webhook', async () => {
    const event = await publishedUpdate();
    expect(statuspagePayload(event, page)).toMatchObject({
      page: { id: 'p', status_indicator: 'critical', status_description: 'Major System Outage' },
      incident: {
        id: 'INC-1',
        status: 'identified',
        impact: 'critical',
        shortlink: 'https://status.acme.test/incidents/INC-1',
        incident_updates: [
          { body: 'Fix coming', status: 'identified', affected_components: null, incident_id: 'INC-1' },
        ],
        postmortem_body: null,
      },
    });
  });
  it('ignores events subscribers do not hear about', async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    await new IncidentService(unitOfWork, new FixedClock(new Date())).run('declare Slow checkout', lead);
    const [declared] = unitOfWork.events;
    expect(declared?.type).toBe('incident.declared');
    expect(statuspagePayload(declared!, page)).toBeNull();
  });
});
