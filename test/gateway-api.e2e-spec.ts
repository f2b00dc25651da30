import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEARER, startGateway, TempDatabase } from './support/gateway-app.js';

describe('gateway HTTP API on a real SQLite file', () => {
  const database = new TempDatabase();
  let app: INestApplication;
  const api = () => request(app.getHttpServer());
  const authed = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string) =>
    api()[method](path).set('Authorization', BEARER);

  beforeAll(async () => {
    app = await startGateway(database.url);
  });

  afterAll(async () => {
    await app?.close();
    database.remove();
  });

  it('serves a public health check', async () => {
    await api().get('/healthz').expect(200, { status: 'ok' });
  });

  it('refuses requests without a valid token with a problem document and no stack trace', async () => {
    const missing = await api().get('/api/v1/incidents').expect(401);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    const wrong = await api()
      .get('/api/v1/incidents')
      .set('Authorization', 'Bearer not-the-token')
      .expect(401);
    expect(JSON.stringify(wrong.body)).not.toMatch(/at .*\.ts|stack/i);
  });

  it('declares an incident as the token user and reads it back', async () => {
    const declared = await authed('post', '/api/v1/incidents')
      .send({ title: 'DB is down', severity: 'critical' })
      .expect(201);
    expect(declared.body).toMatchObject({
      ref: 'INC-1',
      title: 'DB is down',
      severity: 'critical',
      status: 'investigating',
      roles: { reporter: { id: 'api:ops', displayName: 'API (ops)' } },
    });
    const fetched = await authed('get', '/api/v1/incidents/inc-1').expect(200);
    expect(fetched.body.declaredAt).toBe(declared.body.declaredAt);
    expect(fetched.body.startedAt, 'an incident declared by hand starts when declared').toBe(
      declared.body.declaredAt,
    );
  });

  it('validates bodies and names the field at fault', async () => {
    const response = await authed('post', '/api/v1/incidents')
      .send({ title: '', severity: 'apocalyptic' })
      .expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'severity',
      'title',
    ]);
  });

  it('refuses unknown body fields', async () => {
    const response = await authed('post', '/api/v1/incidents')
      .send({ title: 'x', colour: 'red' })
      .expect(400);
    expect(response.body.detail).toContain('colour');
  });

  it('patches several facts at once, or none when one is refused', async () => {
    await authed('patch', '/api/v1/incidents/INC-1')
      .send({ summary: 'Primary DB down', impact: 'Checkout fails' })
      .expect(200);
    const refused = await authed('patch', '/api/v1/incidents/INC-1')
      .send({ summary: 'Changed', status: 'closed' })
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'illegal_transition',
      detail: 'INC-1 is still investigating: resolve it before closing.',
    });
    const incident = await authed('get', '/api/v1/incidents/INC-1').expect(200);
    expect(incident.body.summary).toBe('Primary DB down');
  });

  it('assigns, transfers and unassigns roles', async () => {
    await authed('put', '/api/v1/incidents/INC-1/roles/lead').send({}).expect(200);
    const transferred = await authed('put', '/api/v1/incidents/INC-1/roles/lead')
      .send({ user: 'discord:42', displayName: 'Dana' })
      .expect(200);
    expect(transferred.body.roles.lead).toEqual({ id: 'discord:42', displayName: 'Dana' });
    await authed('put', '/api/v1/incidents/INC-1/roles/scribe').send({ user: 'teams:29:abc' }).expect(200);
    const cleared = await authed('delete', '/api/v1/incidents/INC-1/roles/scribe').expect(200);
    expect(cleared.body.roles.scribe).toBeUndefined();
    await authed('put', '/api/v1/incidents/INC-1/roles/boss').send({}).expect(400);
  });

  it('runs the command language with the same messages chat users see', async () => {
    const response = await authed('post', '/api/v1/commands').send({ text: 'sev INC-1 minor' }).expect(200);
    expect(response.body.message.text).toBe(
      'INC-1 is now minor. Customers are still shown impact none (`public-impact` changes it).',
    );
    expect(response.body.incident.severity).toBe('minor');
    const unknown = await authed('post', '/api/v1/commands').send({ text: 'reboot INC-1' }).expect(400);
    expect(unknown.body.code).toBe('unknown_command');
    expect(unknown.body.detail).toContain('Commands: declare');
    const invalid = await authed('post', '/api/v1/commands').send({ text: 'sev INC-1 huge' }).expect(400);
    expect(invalid.body).toMatchObject({
      field: 'severity',
      detail: '"huge" is not a severity. Choose one of: critical, major, minor.',
    });
  });

  it('applies a retried request with the same Idempotency-Key once', async () => {
    const send = () =>
      authed('post', '/api/v1/commands')
        .set('Idempotency-Key', 'retry-1')
        .send({ text: 'declare Queue backlog' })
        .expect(200);
    const first = await send();
    const retry = await send();
    expect(retry.body.replayed).toBe(true);
    expect(retry.body.incident.ref).toBe(first.body.incident.ref);
    const list = await authed('get', '/api/v1/incidents').expect(200);
    expect(
      list.body.filter((incident: { title: string }) => incident.title === 'Queue backlog'),
    ).toHaveLength(1);
  });

  it('keeps actions, follow-ups, notes and the timeline', async () => {
    await authed('post', '/api/v1/incidents/INC-1/actions')
      .send({ text: 'Failed over to replica' })
      .expect(201);
    const followup = await authed('post', '/api/v1/incidents/INC-1/actions')
      .send({ kind: 'followup', text: 'Alert on replica lag', owner: 'discord:42', due: '2026-12-31' })
      .expect(201);
    expect(followup.body).toMatchObject({
      kind: 'followup',
      state: 'open',
      dueAt: '2026-12-31T23:59:59.000Z',
    });
    await authed('post', '/api/v1/incidents/INC-1/timeline')
      .send({ text: 'Vendor ticket opened' })
      .expect(201);
    const open = await authed('get', '/api/v1/followups').expect(200);
    expect(open.body.map((item: { text: string }) => item.text)).toContain('Alert on replica lag');
    await authed('post', `/api/v1/actions/${followup.body.id}/done`).expect(200);
    const timeline = await authed('get', '/api/v1/incidents/INC-1/timeline').expect(200);
    expect(timeline.body.map((entry: { kind: string }) => entry.kind)).toEqual([
      'declared',
      'summary_changed',
      'impact_changed',
      'role_changed',
      'role_changed',
      'role_changed',
      'role_changed',
      'severity_changed',
      'action_logged',
      'followup_added',
      'note',
      'action_done',
    ]);
  });

  it('manages components and publishes public updates with them', async () => {
    const created = await authed('post', '/api/v1/components')
      .send({ name: 'Checkout', group: 'Shop' })
      .expect(201);
    expect(created.body).toMatchObject({ id: 'checkout', status: 'operational', group: 'Shop' });
    await authed('post', '/api/v1/components').send({ name: 'checkout' }).expect(409);
    await authed('put', '/api/v1/components/checkout/status')
      .send({ status: 'partial_outage', incident: 'INC-1' })
      .expect(200);
    await authed('post', '/api/v1/incidents/INC-1/updates').send({ body: 'Too early.' }).expect(400);
    await authed('patch', '/api/v1/incidents/INC-1')
      .send({ publicTitle: 'Checkout is slow', publicImpact: 'minor' })
      .expect(200);
    const update = await authed('post', '/api/v1/incidents/INC-1/updates')
      .send({ body: 'We are failing over.' })
      .expect(201);
    expect(update.body).toMatchObject({
      status: 'investigating',
      affectedComponents: [{ componentId: 'checkout', newStatus: 'partial_outage' }],
    });
    const components = await authed('get', '/api/v1/components').expect(200);
    expect(components.body[0].status).toBe('partial_outage');
  });

  it('resolves and closes through the status endpoint', async () => {
    await authed('post', '/api/v1/incidents/INC-1/status').send({ status: 'resolved' }).expect(200);
    const blocked = await authed('post', '/api/v1/incidents/INC-1/status')
      .send({ status: 'closed' })
      .expect(409);
    expect(blocked.body.detail).toContain('INC-1 stays resolved: its post-incident review is still a draft');
    await authed('post', '/api/v1/commands').send({ text: 'review INC-1 done' }).expect(200);
    const closed = await authed('post', '/api/v1/incidents/INC-1/status')
      .send({ status: 'closed' })
      .expect(200);
    expect(closed.body.status).toBe('closed');
  });

  it('answers unknown incidents with 404', async () => {
    const response = await authed('get', '/api/v1/incidents/INC-999').expect(404);
    expect(response.body.detail).toBe('There is no incident INC-999.');
  });

  it('serves the OpenAPI document', async () => {
    const response = await api().get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/incidents', '/api/v1/commands']),
    );
  });

  it('keeps every fact across a restart of the app', async () => {
    const before = await authed('get', '/api/v1/incidents/INC-1/timeline').expect(200);
    await app.close();
    app = await startGateway(database.url);
    const after = await authed('get', '/api/v1/incidents/INC-1/timeline').expect(200);
    expect(after.body).toEqual(before.body);
    const next = await authed('post', '/api/v1/incidents').send({ title: 'After restart' }).expect(201);
    expect(next.body.ref).toBe('INC-3');
  });
});
