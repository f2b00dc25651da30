/** Bot Connector outages: posts are delayed by the outbox relay's retries, never lost, never doubled. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Incident } from '@firebreak/incident';
import { ALICE, BOB, MEGAN } from './fakes/bot-connector/teams-activities.js';
import { TeamsRig } from './support/teams-rig.js';

let rig: TeamsRig;

beforeAll(async () => {
  rig = await TeamsRig.start();
  rig.connector.setMembers([ALICE, BOB, MEGAN]);
  await rig.setup();
});

afterAll(async () => {
  vi.restoreAllMocks();
  await rig.close();
});

const threadsFor = (ref: string) =>
  rig.connector.createdConversations().filter((each) => JSON.stringify(each.request.activity).includes(ref));

describe('a Bot Connector outage', () => {
  it('delays the thread, card updates and echoes until the connector recovers; none is lost or doubled', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Retry-After 0 keeps botbuilder's own three retries quick; each HTTP attempt still fails.
    rig.connector.outage(true, { status: 503, retryAfterSeconds: 0 });

    const declared = (
      await rig
        .api()
        .post('/api/v1/incidents')
        .send({ title: 'During outage', publicTitle: 'Payments are slow' })
        .expect(201)
    ).body as Incident;
    const ref = declared.ref;
    await rig.api().post(`/api/v1/incidents/${ref}/status`).send({ status: 'identified' }).expect(200);
    await rig
      .api()
      .post(`/api/v1/incidents/${ref}/updates`)
      .send({ body: 'Investigating the outage.' })
      .expect(201);
    await rig.api().patch(`/api/v1/incidents/${ref}`).send({ severity: 'critical' }).expect(200);

    // Several delivery attempts fail while the connector is down.
    for (let attempt = 0; attempt < 3; attempt += 1) await rig.drain();
    expect(rig.connector.calls.filter((call) => call.status === 503).length).toBeGreaterThan(0);
    expect(threadsFor(ref)).toHaveLength(0);

    rig.connector.outage(false);

    const thread = await rig.eventually(() => threadsFor(ref)[0]);
    const rootId = thread.response.activityId!;
    await rig.eventually(() => {
      const latest = rig.connector
        .updates()
        .filter((call) => call.activityId === rootId)
        .at(-1);
      const text = JSON.stringify(latest?.body ?? {});
      return text.includes('"identified"') && text.includes('"critical"');
    });
    await rig.eventually(() =>
      rig.connector
        .activitiesIn(thread.response.id)
        .some((each) => JSON.stringify(each).includes('Investigating the outage.')),
    );
    for (let attempt = 0; attempt < 3; attempt += 1) await rig.drain();

    expect(threadsFor(ref)).toHaveLength(1);
    expect(
      rig.connector
        .activitiesIn(thread.response.id)
        .filter((each) => JSON.stringify(each).includes('Investigating the outage.')),
    ).toHaveLength(1);
    const current = (await rig.api().get(`/api/v1/incidents/${ref}`).expect(200)).body as Incident;
    expect(current.spaces.filter((space) => space.platform === 'teams')).toHaveLength(1);
  });

  it('fails an inbound turn whose reply cannot be sent; the redelivered activity applies once and is answered', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const activity = rig.teams.channelMention('incident declare Redelivered during outage');
    rig.connector.outage(true, { status: 503, retryAfterSeconds: 0 });

    const first = await rig.send(activity);
    expect(first.status).toBe(500); // Teams redelivers on a 5xx.

    rig.connector.outage(false);
    const second = await rig.send(activity);
    expect(second.status).toBe(200);

    const list = (await rig.api().get('/api/v1/incidents').expect(200)).body as Incident[];
    expect(list.filter((each) => each.title === 'Redelivered during outage')).toHaveLength(1);
    const replies = rig.connector.calls.filter(
      (call) =>
        call.operation === 'replyToActivity' && call.activityId === activity.id && call.status === 200,
    );
    expect(replies).toHaveLength(1);
    const ref = list.find((each) => each.title === 'Redelivered during outage')!.ref;
    await rig.eventually(() => threadsFor(ref).length === 1);
  });
});

describe('what the Bot Connector refuses for good', () => {
  it('skips a post it answers 404 for (the thread is gone) instead of holding up the posts after it', async () => {
    const gone = (await rig.api().post('/api/v1/incidents').send({ title: 'Thread deleted' }).expect(201))
      .body as Incident;
    const thread = await rig.eventually(() => threadsFor(gone.ref)[0]);
    // Every update of that thread is refused from now on, as when it was deleted.
    rig.connector.failNext(1_000, 404, { method: 'PUT', conversationId: thread.response.id });
    await rig.api().patch(`/api/v1/incidents/${gone.ref}`).send({ severity: 'critical' }).expect(200);

    const next = (await rig.api().post('/api/v1/incidents').send({ title: 'After the refusal' }).expect(201))
      .body as Incident;
    await rig.eventually(() => threadsFor(next.ref).length === 1);
    const refused = rig.connector.calls.filter(
      (call) => call.status === 404 && call.conversationId === thread.response.id,
    );
    expect(refused).toHaveLength(1);
  });
});
