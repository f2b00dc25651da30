import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '@firebreak/incident/testing';
import { startGatewayWithClock } from './support/communications-gateway.js';
import { BEARER, TempDatabase } from './support/gateway-app.js';

const MINUTE = 60_000;

describe('scheduled updates and reminders through the gateway', () => {
  let database: TempDatabase;
  let clock: FixedClock;
  let app: INestApplication | null = null;
  let tick: () => Promise<void>;

  const command = (text: string) =>
    request(app!.getHttpServer()).post('/api/v1/commands').set('Authorization', BEARER).send({ text });
  const updates = async () =>
    (
      await request(app!.getHttpServer())
        .get('/api/v1/incidents/INC-1/updates')
        .set('Authorization', BEARER)
        .expect(200)
    ).body as { body: string }[];

  async function boot(): Promise<void> {
    ({ app, tick } = await startGatewayWithClock(database.url, clock));
  }

  beforeEach(async () => {
    database = new TempDatabase();
    clock = new FixedClock(new Date('2026-06-01T09:00:00.000Z'));
    await boot();
    await command('declare Payments failing').expect(200);
    await command('public-title INC-1 --confirm').expect(200);
  });

  afterEach(async () => {
    await app?.close();
    app = null;
    database.remove();
  });

  it('publishes an update scheduled in 30 minutes at 30 minutes, once, across a restart in between', async () => {
    const scheduled = await command('update INC-1 --in 30m We expect recovery shortly').expect(200);
    expect(scheduled.body.message.text).toContain('will be published at 2026-06-01 09:30 UTC');
    clock.advance(15 * MINUTE);
    await tick();
    expect(await updates()).toEqual([]);

    await app!.close();
    await boot();

    clock.advance(14 * MINUTE);
    await tick();
    expect(await updates()).toEqual([]);
    clock.advance(MINUTE);
    await Promise.all([tick(), tick()]);
    await tick();
    expect((await updates()).map((update) => update.body)).toEqual(['We expect recovery shortly']);

    await app!.close();
    await boot();
    clock.advance(60 * MINUTE);
    await tick();
    expect(await updates()).toHaveLength(1);
  });

  it('publishes an update that ends like a time at once, and schedules one only when asked first', async () => {
    const text =
      'Card payments are failing for about a third of customers because a certificate on the payment ' +
      'gateway expired overnight. A renewed certificate is rolling out region by region and error rates ' +
      'are already falling. Next update at 11:45';
    const now = await command(`update INC-1 ${text}`).expect(200);
    expect(now.body.message.title).toBe('Public update on INC-1');
    expect((await updates()).map((update) => update.body)).toEqual([text]);
    const later = await command(`update INC-1 --at 11:45 ${text}`).expect(200);
    expect(later.body.message.text).toContain('will be published at 2026-06-01 11:45 UTC');
    expect(await updates()).toHaveLength(1);
  });

  it('answers bad input with a clear message and schedules nothing', async () => {
    const past = await command('update INC-1 --at 2026-05-01T10:00Z Old news').expect(400);
    expect(past.body.detail).toContain('is in the past');
    const zone = await command('update INC-1 --at 14:30 Europe/Atlantis Soon').expect(400);
    expect(zone.body.detail).toContain('"Europe/Atlantis" is not a time zone');
    const template = await command('update INC-1 --in 5m template nope').expect(400);
    expect(template.body.detail).toContain('There is no update template "nope"');
    const component = await command('component INC-1 Nothing major_outage').expect(404);
    expect(component.body.detail).toContain('There is no component "Nothing"');
    const listed = await command('updates INC-1').expect(200);
    expect(listed.body.message.text).toContain('No scheduled updates');
  });

  it('uses templates from configuration', async () => {
    await app!.close();
    ({ app, tick } = await startGatewayWithClock(database.url, clock, {
      UPDATE_TEMPLATES: JSON.stringify({ degraded: 'Some requests are slower than usual.' }),
    }));
    await command('update INC-1 template degraded').expect(200);
    await command('update INC-1 template investigating').expect(200);
    expect((await updates()).map((update) => update.body)).toEqual([
      expect.stringMatching(/^We are investigating/),
      'Some requests are slower than usual.',
    ]);
  });

  it('writes a reminder.due event when the cadence passes, neither repeated nor dropped across restarts', async () => {
    const { DataSource } = await import('typeorm');
    const reminders = async () =>
      (await app!.get(DataSource).query(`SELECT payload FROM outbox_event WHERE type = 'reminder.due'`)) as {
        payload: string;
      }[];
    await command('sev INC-1 critical').expect(200);
    clock.advance(30 * MINUTE);
    await tick();
    await app!.close();
    await boot();
    await tick();
    expect(await reminders()).toHaveLength(1);
    expect(JSON.parse((await reminders())[0]!.payload).kinds).toContain('update');

    // Due while the gateway is down: sent at the first tick after the start, once.
    await app!.close();
    clock.advance(45 * MINUTE);
    await boot();
    await tick();
    await tick();
    expect(await reminders()).toHaveLength(2);
  });

  it('schedules, lists and cancels updates and approves drafts over the REST API', async () => {
    const http = () => request(app!.getHttpServer());
    const templates = await http().get('/api/v1/update-templates').set('Authorization', BEARER).expect(200);
    expect(Object.keys(templates.body)).toContain('investigating');
    const first = await http()
      .post('/api/v1/incidents/INC-1/scheduled-updates')
      .set('Authorization', BEARER)
      .send({ template: 'identified', at: '2026-06-01 11:00 Europe/London' })
      .expect(201);
    expect(first.body).toMatchObject({
      state: 'scheduled',
      publishAt: '2026-06-01T10:00:00.000Z',
      zone: 'Europe/London',
    });
    const second = await http()
      .post('/api/v1/incidents/INC-1/scheduled-updates')
      .set('Authorization', BEARER)
      .send({ body: 'Later', in: '2h' })
      .expect(201);
    const refused = await http()
      .post('/api/v1/incidents/INC-1/scheduled-updates')
      .set('Authorization', BEARER)
      .send({ body: 'x', in: 'soon' })
      .expect(400);
    expect(refused.body).toMatchObject({
      field: 'in',
      detail: expect.stringContaining('"soon" is not a delay'),
    });
    await http()
      .delete(`/api/v1/scheduled-updates/${second.body.id}`)
      .set('Authorization', BEARER)
      .expect(204);
    const listed = await http()
      .get('/api/v1/incidents/INC-1/scheduled-updates')
      .set('Authorization', BEARER)
      .expect(200);
    expect(listed.body.map((each: { id: number }) => each.id)).toEqual([first.body.id]);

    const draft = await http()
      .post('/api/v1/incidents/INC-1/update-drafts')
      .set('Authorization', BEARER)
      .send({ body: 'Proposed words' })
      .expect(201);
    const published = await http()
      .post(`/api/v1/update-drafts/${draft.body.id}/approve`)
      .set('Authorization', BEARER)
      .expect(200);
    expect(published.body).toMatchObject({ body: 'Proposed words' });
    clock.advance(60 * MINUTE);
    await tick();
    expect((await updates()).map((update) => update.body)).toEqual([
      expect.stringMatching(/^We have identified the cause/),
      'Proposed words',
    ]);
  });
});
