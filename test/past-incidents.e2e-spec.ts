import { InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SystemClock, UnitOfWork, type Incident, type TimelineEntry } from '@firebreak/incident';
import { InsightsReader } from '@firebreak/insights';
import type { INestApplicationContext } from '@nestjs/common';
import { BEARER } from './support/gateway-app.js';
import {
  setUpIncidentsChannel,
  startDiscordGateway,
  type DiscordGatewayHarness,
} from './support/discord-gateway.js';
import { TeamsRig } from './support/teams-rig.js';
import request from 'supertest';

const WAIT = { timeout: 15_000, interval: 25 };
const HOUR = 3_600_000;

/** Whole minutes, some hours back, written as the one time grammar's ISO form. */
function hoursAgo(hours: number): { written: string; at: Date } {
  const at = new Date(Math.floor((Date.now() - hours * HOUR) / 60_000) * 60_000);
  return { written: `${at.toISOString().slice(0, 16)}Z`, at };
}

/** The insights' time-to-resolve figures of the month the incident started, read as the site reads them. */
async function resolveFigures(app: INestApplicationContext, startedAt: Date) {
  const month = startedAt.toISOString().slice(0, 7);
  const report = await new InsightsReader(app.get(UnitOfWork), new SystemClock()).reportFor({
    from: month,
    to: month,
  });
  return {
    count: report.incidentCount,
    resolve: report.durations.find((measure) => measure.measure === 'time-to-resolve')!.byMonth[0]!.summary,
  };
}

describe('an incident that already happened, declared from the Discord form', () => {
  let h: DiscordGatewayHarness;
  const started = hoursAgo(50);
  const resolved = hoursAgo(48);

  beforeAll(async () => {
    h = await startDiscordGateway();
    await setUpIncidentsChannel(h.app, h.fake);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is recorded with its own times, opens no channel, pings nobody and counts in the insights', async () => {
    const open = h.fake.dispatchSlashCommand({ name: 'incident', subcommand: 'declare' });
    await vi.waitFor(() => {
      const modal = h.fake.interactionResponses().find((each) => each.interactionId === open.id);
      expect(modal).toMatchObject({ type: InteractionResponseType.Modal, data: { custom_id: 'fb:declare' } });
      expect(JSON.stringify(modal)).toContain('"custom_id":"past"');
    }, WAIT);
    h.fake.dispatchModalSubmit({
      customId: 'fb:declare',
      fields: {
        title: 'Export job wrote 2 400 rows to the wrong bucket — Zürich team 🔥',
        summary: 'Found in the weekly audit; the job ran once and the rows were removed the same night.',
        severity: 'critical',
        impact: '',
        past: `started ${started.written} resolved ${resolved.written}`,
      },
    });
    const incident = await vi.waitFor(async () => {
      const found = await h.incidents.findIncident('INC-1');
      expect(found).not.toBeNull();
      return found!;
    }, WAIT);
    expect(incident).toMatchObject({
      status: 'resolved',
      retrospective: true,
      startedAt: started.at,
      resolvedAt: resolved.at,
      spaces: [],
    });
    const timeline = (await h.incidents.timeline('INC-1')) as TimelineEntry[];
    expect(timeline[0]).toMatchObject({ kind: 'declared', at: started.at });

    // A live incident declared after it gets its channel: by then every event of the recorded one was delivered.
    await h.incidents.run('declare Checkout is slow', {
      actor: { id: 'api:ops', displayName: 'API (ops)' },
      location: null,
      privileged: true,
    });
    await vi.waitFor(() => expect(h.fake.findChannelByName('inc-2-checkout-is-slow')).toBeDefined(), WAIT);
    expect(h.fake.channels().filter((channel) => channel.name?.startsWith('inc-1'))).toEqual([]);
    const posts = h.fake.channels().flatMap((channel) => h.fake.messagesIn(channel.id));
    const aboutIt = posts.filter((post) => JSON.stringify(post).includes('INC-1'));
    // Only the answer to the form's author, which mentions nobody.
    expect(aboutIt.every((post) => post.interaction_metadata)).toBe(true);
    expect(aboutIt.flatMap((post) => post.mentions ?? [])).toEqual([]);

    const figures = await resolveFigures(h.app, started.at);
    expect(figures.count).toBeGreaterThanOrEqual(1);
    expect(figures.resolve).toMatchObject({ count: 1, median: 2 * HOUR, p90: 2 * HOUR });
  });
});

describe('an incident that already happened, declared from the Teams form and the API', () => {
  let rig: TeamsRig;
  const started = hoursAgo(30);
  const resolved = hoursAgo(29);

  beforeAll(async () => {
    rig = await TeamsRig.start();
    await rig.setup();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('is recorded from the form without a thread, a post or a reminder', async () => {
    const submit = await rig.send(
      rig.teams.taskSubmit({
        intent: 'declare-form',
        title: 'Les paiements ont échoué pendant la maintenance 💳',
        severity: 'major',
        past: `${started.written} resolved ${resolved.written}`,
      }),
    );
    expect(submit.status).toBe(200);
    expect(JSON.stringify(submit.body)).toContain('Recorded INC-1');

    const live = await rig.api().post('/api/v1/incidents').send({ title: 'Search is slow' }).expect(201);
    await rig.eventually(() =>
      rig.connector
        .createdConversations()
        .find((each) => JSON.stringify(each.request.activity).includes(live.body.ref)),
    );
    expect(
      rig.connector.createdConversations().filter((each) => JSON.stringify(each).includes('INC-1')),
    ).toEqual([]);
    const sentAboutIt = rig.connector.calls.filter(
      (call) => call.operation === 'sendToConversation' && JSON.stringify(call.body).includes('INC-1'),
    );
    expect(sentAboutIt).toEqual([]);

    const figures = await resolveFigures(rig.app, started.at);
    expect(figures.resolve).toMatchObject({ count: 1, median: HOUR, p90: HOUR });
  });

  it('records one through the API too, refusing times still to come', async () => {
    const api = () => request(rig.app.getHttpServer()).post('/api/v1/incidents').set('Authorization', BEARER);
    const recorded = await api()
      .send({ title: 'Certificate expired on the status page', past: { startedAt: `${started.written}` } })
      .expect(201);
    expect(recorded.body as Incident).toMatchObject({
      status: 'investigating',
      retrospective: true,
      startedAt: started.at.toISOString(),
      spaces: [],
    });
    const future = new Date(Date.now() + 2 * HOUR).toISOString().slice(0, 16);
    const refused = await api()
      .send({ title: 'Not yet', past: { startedAt: `${future}Z` } })
      .expect(400);
    expect(refused.body.detail).toContain('has not happened yet');
  });
});
