/**
 * MICROSOFT_TEAMS_INCIDENT_SPACE=channel: each incident gets a standard team channel of its own, created
 * through Microsoft Graph with the app's credentials (client-credentials token from the loopback token
 * endpoint), its headline card posted as the first thread there and the incidents channel linking to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '@firebreak/incident';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '@firebreak/teams';
import { ALICE, BOB, MEGAN, TeamsActivities } from './fakes/bot-connector/teams-activities.js';
import { TeamsRig } from './support/teams-rig.js';

let rig: TeamsRig;

beforeAll(async () => {
  rig = await TeamsRig.start((connector) => ({
    MICROSOFT_TEAMS_INCIDENT_SPACE: 'channel',
    MICROSOFT_GRAPH_URL: connector.graphUrl,
    MICROSOFT_GRAPH_LOGIN_URL: connector.graphLoginUrl,
  }));
  rig.connector.setMembers([ALICE, BOB, MEGAN]);
  await rig.setup();
});

afterAll(async () => {
  await rig.close();
});

async function incident(ref: string): Promise<Incident> {
  return (await rig.api().get(`/api/v1/incidents/${ref}`).expect(200)).body as Incident;
}

async function declare(title: string): Promise<string> {
  const response = await rig.send(rig.teams.channelMention(`incident declare ${title}`));
  expect(response.status).toBe(200);
  const ref = await rig.eventually(async () => {
    const incidents = (await rig.api().get('/api/v1/incidents').expect(200)).body as Incident[];
    return incidents.find((each) => each.title === title)?.ref;
  });
  await rig.eventually(async () => (await incident(ref)).spaces.length > 0);
  return ref;
}

function cardText(activity: Record<string, unknown> | undefined): string {
  const attachments = (activity?.['attachments'] ?? []) as { contentType: string; content: unknown }[];
  const card = attachments.find((each) => each.contentType === ADAPTIVE_CARD_CONTENT_TYPE);
  return JSON.stringify(card?.content ?? activity ?? {});
}

describe('an incident channel per incident', () => {
  let ref: string;
  let channel: { id: string; displayName: string; webUrl: string };

  it('creates the channel through Graph as the app, posts the headline in it and links it from the incidents channel', async () => {
    ref = await declare('Checkout database refuses connections');
    const created = rig.connector.graph.channelsOf(rig.teams.teamAadGroupId);
    expect(created).toHaveLength(1);
    channel = created[0]!;
    expect(channel).toMatchObject({
      displayName: `${ref.toLowerCase()}-checkout-database-refuses-connections`,
      membershipType: 'standard',
      description: `${ref}: Checkout database refuses connections`,
    });
    // The Graph token: client credentials of the bot's app, for the team's tenant, scoped to Graph.
    expect(rig.connector.tokenRequests).toContainEqual(
      expect.objectContaining({
        tenant: rig.teams.tenantId,
        clientId: rig.appId,
        scope: `${rig.connector.graphUrl}/.default`,
        grantType: 'client_credentials',
        status: 200,
      }),
    );

    const [thread] = rig.connector
      .createdConversations()
      .filter((each) => each.request.channelData?.channel?.id === channel.id);
    expect(thread).toBeDefined();
    expect(cardText(thread!.request.activity as Record<string, unknown>)).toContain(ref);

    const space = (await incident(ref)).spaces.find((each) => each.platform === 'teams');
    expect(space).toMatchObject({ channelId: channel.id, url: channel.webUrl });

    const announcement = await rig.eventually(() =>
      rig.connector.activitiesIn(rig.teams.channelId).find((each) => cardText(each).includes(channel.webUrl)),
    );
    expect(cardText(announcement)).toContain(`Incident declared: ${ref}`);
  });

  it('runs commands typed in any thread of the incident channel on that incident', async () => {
    const inChannel = new TeamsActivities({
      serviceUrl: rig.connector.serviceUrl,
      appId: rig.appId,
      channelId: channel.id,
      channelName: channel.displayName,
    });
    expect((await rig.send(inChannel.channelMessageMentioning('lead', [ALICE]))).status).toBe(200);
    expect((await rig.send(inChannel.channelMention('action Failed over to the replica'))).status).toBe(200);
    await rig.eventually(async () => (await incident(ref)).roles.lead?.displayName === ALICE.name);
    const timeline = (await rig.api().get(`/api/v1/incidents/${ref}/timeline`).expect(200))
      .body as TimelineEntry[];
    expect(timeline.map((entry) => entry.text)).toContainEqual(
      expect.stringContaining('Failed over to the replica'),
    );
  });

  it('keeps the headline in the channel and the announcement current through resolve', async () => {
    await rig.api().post(`/api/v1/incidents/${ref}/status`).send({ status: 'resolved' }).expect(200);
    await rig.eventually(() =>
      rig.connector
        .updates()
        .some(
          (call) =>
            call.conversationId === rig.teams.channelId &&
            cardText(call.body as Record<string, unknown>).includes(`Resolved: ${ref}`),
        ),
    );
    await rig.eventually(() =>
      rig.connector
        .updates()
        .some(
          (call) =>
            call.conversationId?.startsWith(`${channel.id};messageid=`) &&
            cardText(call.body as Record<string, unknown>).includes('resolved'),
        ),
    );
  });

  it('reuses the channel Graph created when its answer was lost, instead of creating a second one', async () => {
    rig.connector.graph.failNext(1, 503, { afterCreating: true });
    const again = await declare('Search results are stale');
    const named = rig.connector.graph
      .channelsOf(rig.teams.teamAadGroupId)
      .filter((each) => each.displayName === `${again.toLowerCase()}-search-results-are-stale`);
    expect(named).toHaveLength(1);
    const space = (await incident(again)).spaces.find((each) => each.platform === 'teams');
    expect(space?.channelId).toBe(named[0]!.id);
    expect(
      rig.connector
        .createdConversations()
        .filter((each) => each.request.channelData?.channel?.id === named[0]!.id),
    ).toHaveLength(1);
  });

  it('falls back to a thread in the incidents channel when Graph refuses the channel for good', async () => {
    rig.connector.graph.failNext(1, 403);
    const before = rig.connector.graph.channelsOf(rig.teams.teamAadGroupId).length;
    const refused = await declare('Webhooks arrive late');
    expect(rig.connector.graph.channelsOf(rig.teams.teamAadGroupId)).toHaveLength(before);
    const space = (await incident(refused)).spaces.find((each) => each.platform === 'teams');
    expect(space?.channelId).toMatch(new RegExp(`^${escape(rig.teams.channelId)};messageid=`));
    expect(space?.url).toBeNull();
  });
});

describe('an incident channel that refuses the headline', () => {
  it('opens the headline thread in the incidents channel instead, and announces nothing', async () => {
    rig.connector.failNext(1, 403, { method: 'POST', path: /^\/v3\/conversations$/ });
    const ref = await declare('Channel without the bot');
    const [channel] = rig.connector.graph
      .channelsOf(rig.teams.teamAadGroupId)
      .filter((each) => each.displayName.startsWith(`${ref.toLowerCase()}-`));
    expect(channel).toBeDefined();
    const space = (await incident(ref)).spaces.find((each) => each.platform === 'teams');
    expect(space?.channelId).toMatch(new RegExp(`^${escape(rig.teams.channelId)};messageid=`));
    await rig.drain();
    expect(
      rig.connector
        .activitiesIn(rig.teams.channelId)
        .filter((each) => cardText(each).includes(channel!.webUrl)),
    ).toEqual([]);
  });
});

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
