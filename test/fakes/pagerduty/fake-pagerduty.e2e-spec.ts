import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePagerDuty, pagerDutySignature, sendWebhook } from './fake-pagerduty.js';

const KEY = 'R0ut1ngKey0123456789abcdefABCDEF';

async function enqueue(
  fake: FakePagerDuty,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(fake.eventsUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const trigger = (dedupKey: string) => ({
  routing_key: KEY,
  event_action: 'trigger',
  dedup_key: dedupKey,
  payload: { summary: 'INC-7: Checkout ☕ lent à Zürich', source: 'Firebreak', severity: 'critical' },
});

describe(FakePagerDuty.name, () => {
  let fake: FakePagerDuty;
  beforeAll(async () => {
    fake = await FakePagerDuty.start();
  });
  afterAll(() => fake.stop());

  it('accepts a trigger with 202 and its dedup key, as the Events API does', async () => {
    const answer = await enqueue(fake, trigger('INC-7'));
    expect(answer).toEqual({
      status: 202,
      body: { status: 'success', message: 'Event processed', dedup_key: 'INC-7' },
    });
    expect(fake.events.at(-1)?.payload?.summary).toBe('INC-7: Checkout ☕ lent à Zürich');
    expect(fake.alert(KEY, 'INC-7')?.status).toBe('triggered');
  });

  it('joins a repeated trigger to the open alert and closes it on resolve', async () => {
    await enqueue(fake, trigger('INC-8'));
    await enqueue(fake, trigger('INC-8'));
    expect(fake.alert(KEY, 'INC-8')).toMatchObject({ status: 'triggered', triggers: 2 });
    const resolved = await enqueue(fake, { routing_key: KEY, event_action: 'resolve', dedup_key: 'INC-8' });
    expect(resolved.status).toBe(202);
    expect(fake.alert(KEY, 'INC-8')?.status).toBe('resolved');
  });

  it('refuses a bad routing key, action, severity or missing summary with 400 naming each', async () => {
    const answer = await enqueue(fake, {
      routing_key: 'short',
      event_action: 'page',
      payload: { severity: 'major' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body['status']).toBe('invalid event');
    expect(answer.body['errors']).toEqual([
      expect.stringContaining('routing_key'),
      expect.stringContaining('event_action'),
    ]);
    const noSummary = await enqueue(fake, {
      ...trigger('INC-9'),
      payload: { source: 'x', severity: 'major' },
    });
    expect(noSummary.body['errors']).toEqual([
      expect.stringContaining('payload.summary'),
      expect.stringContaining('payload.severity'),
    ]);
    expect((await enqueue(fake, '{not json')).status).toBe(400);
  });

  it('answers injected faults without recording the event', async () => {
    const before = fake.events.length;
    fake.failNext(1, 503);
    expect((await enqueue(fake, trigger('INC-10'))).status).toBe(503);
    expect(fake.events).toHaveLength(before);
    expect((await enqueue(fake, trigger('INC-10'))).status).toBe(202);
  });

  it('sends v3 webhooks signed v1=HMAC-SHA256 of the body with every secret', async () => {
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      const answer = await sendWebhook(
        `http://127.0.0.1:${port}/hook`,
        ['first-secret-0123456', 'second-secret-012345'],
        {
          eventType: 'incident.acknowledged',
          incidentKey: 'INC-7',
          agent: 'Zoë Ångström',
          occurredAt: new Date('2026-12-01T10:00:00Z'),
        },
      );
      expect(answer).toEqual({ status: 200, body: { ok: true } });
      const [delivery] = received;
      const mac = (secret: string) => createHmac('sha256', secret).update(delivery!.body).digest('hex');
      expect(delivery!.headers['x-pagerduty-signature']).toBe(
        `v1=${mac('first-secret-0123456')},v1=${mac('second-secret-012345')}`,
      );
      expect(pagerDutySignature(['first-secret-0123456'], delivery!.body)).toBe(
        `v1=${mac('first-secret-0123456')}`,
      );
      const event = (JSON.parse(delivery!.body) as { event: Record<string, unknown> }).event;
      expect(event).toMatchObject({
        event_type: 'incident.acknowledged',
        resource_type: 'incident',
        agent: { summary: 'Zoë Ångström', type: 'user_reference' },
        data: { type: 'incident', incident_key: 'INC-7', status: 'acknowledged' },
      });
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
