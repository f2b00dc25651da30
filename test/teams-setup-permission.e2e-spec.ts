/**
 * Who may choose a team's incidents channel with `@Firebreak setup`: the team's owners (read through
 * Microsoft Graph with the app's credentials) and the configured administrators (MICROSOFT_TEAMS_ADMIN_USER_IDS);
 * anyone else gets the refusal every platform gives, and the incidents channel stays where it was.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Logger } from '@nestjs/common';
import { ChatWorkspaceRepository, WORKSPACE_SETUP_REFUSAL } from '@firebreak/incident';
import { ALICE, BOB, MEGAN, TeamsActivities } from './fakes/bot-connector/teams-activities.js';
import { TeamsRig } from './support/teams-rig.js';

/** A Teams user who is on the team but neither an owner nor configured. */
const ZOE = {
  id: '29:1Zo3nUnezQ8sT5wYzH2jE4gF6dC9aP1oI0uU7yT2rE3wQ5tY8uI9oP0aS1dFzoe',
  name: 'Zoë Núñez 🚒',
  aadObjectId: '5b0c9e3a-2d71-4c8f-b6a4-91e2f7d3c805',
};

let rig: TeamsRig;
/** The same team, posting from its "Incidents 🔥" channel instead of General. */
let incidentsChannel: TeamsActivities;

beforeAll(async () => {
  rig = await TeamsRig.start({ MICROSOFT_TEAMS_ADMIN_USER_IDS: ALICE.aadObjectId });
  incidentsChannel = new TeamsActivities({
    serviceUrl: rig.connector.serviceUrl,
    appId: rig.appId,
    channelId: '19:5f0e1d2c3b4a49687766554433221100@thread.tacv2',
    channelName: 'Incidents 🔥',
  });
});

afterAll(async () => {
  await rig.close();
});

beforeEach(async () => {
  await rig.drain();
  rig.connector.reset();
});

async function incidentsChannelId(): Promise<string | null> {
  const workspace = await rig.app.get(ChatWorkspaceRepository).find('teams', rig.teams.teamId);
  return workspace?.incidentsChannelId ?? null;
}

/** Runs `setup` as `from` in `where`; answers the text of the bot's reply. */
async function setUp(where: TeamsActivities, from: typeof MEGAN): Promise<string> {
  const activity = where.channelMention('setup', { from });
  expect((await rig.send(activity)).status).toBe(200);
  return JSON.stringify(rig.connector.activitiesIn(activity.conversation.id));
}

describe('@Firebreak setup on Teams', () => {
  it('lets an owner of the team choose the incidents channel', async () => {
    expect(await setUp(rig.teams, MEGAN)).toContain('is now the incidents channel');
    expect(await incidentsChannelId()).toBe(rig.teams.channelId);
    const lookup = rig.connector.graphMembers.calls.at(-1);
    expect(lookup).toMatchObject({
      method: 'GET',
      path: `/v1.0/teams/${rig.teams.teamAadGroupId}/members`,
      status: 200,
    });
  });

  it.each([
    ['a member of the team', BOB],
    ['a guest who is not on the team', ZOE],
  ])('refuses %s with the one refusal text, and the incidents channel stays', async (_who, user) => {
    const reply = await setUp(incidentsChannel, user);
    expect(reply).toContain('Not permitted');
    expect(reply).toContain(WORKSPACE_SETUP_REFUSAL);
    expect(await incidentsChannelId()).toBe(rig.teams.channelId);
  });

  it('lets a configured administrator who does not own the team move the incidents channel', async () => {
    expect(await setUp(incidentsChannel, ALICE)).toContain('is now the incidents channel');
    expect(await incidentsChannelId()).toBe(incidentsChannel.channelId);
  });

  it('refuses an owner while Graph will not say who owns the team, and tells the operator why', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn');
    rig.connector.graphMembers.forbid(rig.teams.teamAadGroupId);
    try {
      const reply = await setUp(rig.teams, MEGAN);
      expect(reply).toContain(WORKSPACE_SETUP_REFUSAL);
      expect(await incidentsChannelId()).toBe(incidentsChannel.channelId);
      expect(warn.mock.calls.map((call) => String(call[0]))).toContainEqual(
        expect.stringContaining('TeamMember.Read.Group'),
      );
    } finally {
      warn.mockRestore();
    }
  });
});
