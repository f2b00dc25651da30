import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentService, type CommandContext, type Incident, type TimelineEntry } from '@firebreak/incident';
import { API_TOKEN, BEARER, startGateway, TempDatabase } from './support/gateway-app.js';
import { settle, startStatusPage } from './support/status-page-app.js';

const LIMITED_SECRET = 'viewer-token-0123456789abcdef';
const LIMITED = `Bearer ${LIMITED_SECRET}`;
const SENSITIVE = 'Possible PII exposure - benefits eligibility S3 bucket public';
const member = (id: string, displayName: string): CommandContext => ({
  actor: { id, displayName },
  location: { platform: 'discord', channelId: 'guild/general' },
});
const noemi = member('discord:42', 'Noémi Łukasik');

describe('a private incident, through the API, chat commands and the status page', () => {
  const database = new TempDatabase();
  let gateway: INestApplication;
  let statusPage: INestApplication;
  const api = (method: 'get' | 'post', path: string, bearer = BEARER) =>
    request(gateway.getHttpServer())[method](path).set('Authorization', bearer);

  beforeAll(async () => {
    gateway = await startGateway(database.url, {
      FIREBREAK_API_TOKENS: `${API_TOKEN},viewer:${LIMITED_SECRET}:limited`,
    });
    statusPage = await startStatusPage(database.url);
    await api('post', '/api/v1/commands')
      .send({ text: `declare --private ${SENSITIVE}` })
      .expect(200);
    await api('post', '/api/v1/commands').send({ text: 'declare Search is slow' }).expect(200);
  });
  afterAll(async () => {
    await statusPage?.close();
    await gateway?.close();
    database.remove();
  });

  it('is hidden from a token limited to non-private incidents, as if it did not exist', async () => {
    const listed = (await api('get', '/api/v1/incidents', LIMITED).expect(200)).body as Incident[];
    expect(listed.map((incident) => incident.ref)).toEqual(['INC-2']);
    expect((await api('get', '/api/v1/incidents/INC-1', LIMITED).expect(404)).body.detail).toBe(
      'There is no incident INC-1.',
    );
    await api('get', '/api/v1/incidents/INC-1/timeline', LIMITED).expect(404);
    await api('post', '/api/v1/commands', LIMITED).send({ text: 'show INC-1' }).expect(404);
    await api('post', '/api/v1/commands', LIMITED).send({ text: 'sev INC-1 minor' }).expect(404);
    const full = (await api('get', '/api/v1/incidents').expect(200)).body as Incident[];
    expect(full.map((incident) => incident.ref)).toEqual(['INC-2', 'INC-1']);
  });

  it('never reaches the status page, even after an update attempt', async () => {
    await api('post', '/api/v1/commands').send({ text: 'public-title INC-1 Sign-in trouble' }).expect(200);
    const attempt = await api('post', '/api/v1/incidents/INC-1/updates')
      .send({ body: 'We are looking into reports of trouble signing in to the benefits portal.' })
      .expect(409);
    expect(attempt.body.detail).toContain('INC-1 is private, so nothing about it is published');
    await settle(statusPage);
    const json = await request(statusPage.getHttpServer()).get('/api/v2/incidents.json').expect(200);
    expect(JSON.stringify(json.body)).not.toMatch(/INC-1|PII|Sign-in trouble/);
    await request(statusPage.getHttpServer())
      .get('/incidents/INC-1')
      .set('Accept', 'application/json')
      .expect(404);
  });

  it('is seen in chat only once its reporter invites someone, and each change is logged', async () => {
    const incidents = gateway.get(IncidentService);
    expect((await incidents.run('list', noemi)).message.text).not.toContain('INC-1');
    await expect(incidents.run('show INC-1', noemi)).rejects.toThrow('There is no incident INC-1.');

    await api('post', '/api/v1/commands').send({ text: 'invite INC-1 <@discord:42>' }).expect(200);
    expect((await incidents.run('list', noemi)).message.text).toContain('INC-1');
    expect((await incidents.run('show INC-1', noemi)).message.title).toContain(SENSITIVE);

    const timeline = (await api('get', '/api/v1/incidents/INC-1/timeline').expect(200))
      .body as TimelineEntry[];
    expect(timeline.filter((entry) => entry.kind === 'access_changed').map((entry) => entry.text)).toEqual([
      'API (ops) invited a Discord user',
    ]);
  });
});
