import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { OutboxRelay } from '@firebreak/persistence';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

/** A loopback stand-in for a GitHub-compatible issue tracker that can be taken down. */
class IssueTrackerReceiver {
  readonly issues: { authorization: string | undefined; body: Record<string, unknown> }[] = [];
  down = false;
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/repos/acme/ops`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (this.down) return void res.writeHead(503).end();
    if (req.method !== 'POST' || req.url !== '/repos/acme/ops/issues') return void res.writeHead(404).end();
    this.issues.push({
      authorization: req.headers.authorization,
      body: JSON.parse(raw) as Record<string, unknown>,
    });
    const number = this.issues.length;
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ number, html_url: `https://tracker.example/acme/ops/issues/${number}` }));
  }
}

describe('after the incident: follow-up export and the public write-up', () => {
  const database = new TempDatabase();
  const tracker = new IssueTrackerReceiver();
  let app: INestApplication;
  const command = (text: string) =>
    request(app.getHttpServer()).post('/api/v1/commands').set('Authorization', BEARER).send({ text });
  const api = (method: 'get' | 'put' | 'post' | 'delete', path: string) =>
    request(app.getHttpServer())[method](path).set('Authorization', BEARER);

  beforeAll(async () => {
    const url = await tracker.start();
    app = await startGateway(database.url, {
      FOLLOWUP_TRACKER_URL: url,
      FOLLOWUP_TRACKER_TOKEN: 'tracker-token',
      FOLLOWUP_REMINDER_TICK_MS: '3600000',
    });
    await command('declare Payments fail').expect(200);
    await command('lead INC-1').expect(200);
  });

  afterAll(async () => {
    await app?.close();
    await tracker.stop();
    database.remove();
  });

  it('files each follow-up once in the tracker, also after the tracker was down', async () => {
    tracker.down = true;
    await command('followup INC-1 Add payment provider failover <@discord:7> due 2026-12-01').expect(200);
    await app.get(OutboxRelay).drain();
    expect(tracker.issues).toHaveLength(0);
    tracker.down = false;
    await app.get(OutboxRelay).drain();
    await app.get(OutboxRelay).drain();
    expect(tracker.issues).toEqual([
      {
        authorization: 'Bearer tracker-token',
        body: {
          title: '[INC-1] Add payment provider failover',
          // Named by id through the API and unknown to the incident: named by platform, never by id.
          body: 'Follow-up #1 from incident INC-1: Payments fail.\n\nOwner: a Discord user\n\nDue: 2026-12-01',
          labels: ['incident-followup', 'INC-1'],
        },
      },
    ]);
  });

  it('previews, edits and publishes the write-up, and unpublishes it', async () => {
    await command('resolve INC-1').expect(200);
    await api('get', '/api/v1/incidents/INC-1/write-up').expect(400);
    await command('public-title INC-1 --confirm').expect(200);
    const preview = await api('get', '/api/v1/incidents/INC-1/write-up').expect(200);
    expect(preview.body).toMatchObject({ slug: 'inc-1-payments-fail', state: 'draft', publishedAt: null });
    const edited = await api('put', '/api/v1/incidents/INC-1/write-up')
      .send({ markdown: '## What happened\n\nOur payment provider failed.' })
      .expect(200);
    expect(edited.body.markdown).toBe('## What happened\n\nOur payment provider failed.');
    const published = await api('post', '/api/v1/incidents/INC-1/write-up/publish').expect(200);
    expect(published.body.state).toBe('published');
    const unpublished = await api('delete', '/api/v1/incidents/INC-1/write-up/publish').expect(200);
    expect(unpublished.body.state).toBe('draft');
  });
});
