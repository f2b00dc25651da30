/**
 * Calls and channel lifecycle on Teams: `call` creates an online meeting through Microsoft Graph
 * (`POST /users/{organizer}/onlineMeetings` as the app), its join link going to the incident; closing ends the
 * meeting and archives the incident's channel (`POST /teams/{id}/channels/{id}/archive`); a team near Teams'
 * channel limit is warned in its incidents channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '@firebreak/incident';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '@firebreak/teams';
import { ALICE, BOB, MEGAN } from './fakes/bot-connector/teams-activities.js';
import { TeamsRig } from './support/teams-rig.js';

const ORGANIZER = '6b2f8f0e-4c1d-4e55-9b7a-2f0c5d7e9a11';

let rig: TeamsRig;
let environment: NodeJS.ProcessEnv;

beforeAll(async () => {
  rig = await TeamsRig.start((connector) => {
    environment = {
      MICROSOFT_TEAMS_INCIDENT_SPACE: 'channel',
      MICROSOFT_GRAPH_URL: connector.graphUrl,
      MICROSOFT_GRAPH_LOGIN_URL: connector.graphLoginUrl,
      TEAMS_MEETING_ORGANIZER_ID: ORGANIZER,
    };
    return environment;
  });
  rig.connector.graphMeetings.allowedOrganizers.add(ORGANIZER);
  rig.connector.setMembers([ALICE, BOB, MEGAN]);
  await rig.setup();
});

afterAll(async () => {
  await rig.close();
});

const incident = async (ref: string): Promise<Incident> =>
  (await rig.api().get(`/api/v1/incidents/${ref}`).expect(200)).body as Incident;
const run = async (text: string): Promise<string> =>
  (
    (await rig.api().post('/api/v1/commands').send({ text }).expect(200)).body as {
      message: { text: string };
    }
  ).message.text;

const declare = (title: string): Promise<string> => rig.declareInChannel(title);

function cardsIn(conversationId: string): string[] {
  return rig.connector.activitiesIn(conversationId).map((activity) => {
    const attachments = (activity['attachments'] ?? []) as { contentType: string; content: unknown }[];
    const card = attachments.find((each) => each.contentType === ADAPTIVE_CARD_CONTENT_TYPE);
    return JSON.stringify(card?.content ?? activity);
  });
}

describe('calls on Teams: an online meeting through Graph', () => {
  let ref: string;

  it('creates one meeting for the organizer, its join link on the incident and in the timeline', async () => {
    ref = await declare('Les virements échouent pour 🇧🇷');
    expect(await run(`call ${ref}`)).toContain('is being opened');
    const meeting = await rig.eventually(async () => rig.connector.graphMeetings.all()[0]);
    expect(meeting).toMatchObject({
      organizerId: ORGANIZER,
      subject: `${ref}: Les virements échouent pour 🇧🇷`,
    });
    const stored = await rig.eventually(async () => {
      const current = await incident(ref);
      return current.call?.url ? current : undefined;
    });
    expect(stored.call).toMatchObject({ provider: 'teams', url: meeting.joinWebUrl });
    const timeline = (await rig.api().get(`/api/v1/incidents/${ref}/timeline`).expect(200))
      .body as TimelineEntry[];
    expect(timeline.filter((entry) => entry.kind === 'call_opened').map((entry) => entry.text)).toEqual([
      `Call opened: ${meeting.joinWebUrl}`,
    ]);
    expect(await run(`call ${ref}`)).toBe(`Call for ${ref}: ${meeting.joinWebUrl}`);
  });

  it('gives the same link after a gateway restart and never creates a second meeting', async () => {
    await rig.stop();
    await rig.boot(environment);
    const [meeting] = rig.connector.graphMeetings.all();
    expect(await run(`call ${ref}`)).toBe(`Call for ${ref}: ${meeting!.joinWebUrl}`);
    await declare('Marker after the restart');
    expect(rig.connector.graphMeetings.all()).toHaveLength(1);
  });

  it('ends the meeting and archives the incident channel through Graph at close', async () => {
    await run(`resolve ${ref}`);
    await run(`close ${ref} --override drill`);
    const channelId = (await incident(ref)).spaces.find((space) => space.platform === 'teams')!.channelId;
    await rig.eventually(async () => rig.connector.graphMeetings.all()[0]?.deleted || undefined);
    const channel = await rig.eventually(async () =>
      rig.connector.graph
        .channelsOf(rig.teams.teamAadGroupId)
        .find((each) => each.id === channelId && each.isArchived),
    );
    expect(channel.isArchived).toBe(true);
    expect(rig.connector.graph.calls).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        path: `/v1.0/teams/${rig.teams.teamAadGroupId}/channels/${channelId}/archive`,
        status: 202,
      }),
    );
  });

  it('warns in the incidents channel when the team nears 1,000 channels, saying what to do', async () => {
    rig.connector.graph.fillChannels(rig.teams.teamAadGroupId, 900);
    const crowded = await declare('Getting crowded');
    const warning = await rig.eventually(async () =>
      cardsIn(rig.teams.channelId).find((card) => card.includes('Running out of channels')),
    );
    expect(warning).toContain('This team has 903 of its 1,000 channels.');
    expect(warning).toContain('MICROSOFT_TEAMS_INCIDENT_SPACE=thread');
    expect(crowded).toBeTruthy();
  });
});
