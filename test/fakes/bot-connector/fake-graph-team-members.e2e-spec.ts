/**
 * The fake's Graph team members speak Graph's wire protocol: an app-only token from the fake's token
 * endpoint, `GET /v1.0/teams/{group-id}/members` with or without the userId filter, and Graph's errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotConnector } from './fake-bot-connector.js';
import { graphMember } from './fake-graph-team-members.js';
import { ALICE, BOB, MEGAN } from './teams-activities.js';

const TEAM = 'b6a8f1e2-4c3d-4e5f-8a9b-0c1d2e3f4a5b';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ZOE = { aadObjectId: '5b0c9e3a-2d71-4c8f-b6a4-91e2f7d3c805', name: 'Zoë Ñúñez 🚒' };

let connector: FakeBotConnector;

beforeAll(async () => {
  connector = await FakeBotConnector.start();
  connector.graphMembers.setMembers(
    TEAM,
    [graphMember(MEGAN, ['owner']), graphMember(ALICE), graphMember(ZOE, ['guest'])],
    TENANT,
  );
});

afterAll(async () => {
  await connector.close();
});

async function token(scope = `${connector.graphUrl}/.default`): Promise<string> {
  const response = await fetch(`${connector.graphLoginUrl}/${TENANT}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'graph-spec-app',
      client_secret: 'graph-spec-secret',
      scope,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function members(
  groupId: string,
  filter?: string,
  bearer?: string | null,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const query = filter === undefined ? '' : `?$filter=${encodeURIComponent(filter)}`;
  const authorization = bearer === undefined ? await token() : bearer;
  const response = await fetch(`${connector.graphUrl}/v1.0/teams/${groupId}/members${query}`, {
    headers: authorization === null ? {} : { Authorization: `Bearer ${authorization}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const byUser = (userId: string) => `(microsoft.graph.aadUserConversationMember/userId eq '${userId}')`;

describe('FakeGraphTeamMembers', () => {
  it('lists every member as an aadUserConversationMember, owners with the owner role', async () => {
    const { status, body } = await members(TEAM);
    expect(status).toBe(200);
    expect(body['@odata.context']).toBe(
      `https://graph.microsoft.com/v1.0/$metadata#teams('${TEAM}')/members`,
    );
    const value = body['value'] as Array<Record<string, unknown>>;
    expect(value.map((each) => [each['displayName'], each['roles']])).toEqual([
      ['Megan Bowen', ['owner']],
      ['Alice Smith', []],
      ['Zoë Ñúñez 🚒', ['guest']],
    ]);
    expect(value[0]).toMatchObject({
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      userId: MEGAN.aadObjectId,
      tenantId: TENANT,
    });
    expect(typeof value[0]!['id']).toBe('string');
  });

  it('finds one member by AAD object id with the documented filter, and nobody for a stranger', async () => {
    const owner = await members(TEAM, byUser(MEGAN.aadObjectId));
    expect((owner.body['value'] as unknown[]).length).toBe(1);
    expect(owner.body['value']).toMatchObject([{ userId: MEGAN.aadObjectId, roles: ['owner'] }]);
    const stranger = await members(TEAM, byUser(BOB.aadObjectId));
    expect(stranger).toMatchObject({ status: 200, body: { value: [] } });
  });

  it('refuses a filter Graph would not understand', async () => {
    const { status, body } = await members(TEAM, "roles/any(r:r eq 'owner')");
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('answers 401 without a token or with a token for another audience', async () => {
    expect((await members(TEAM, undefined, null)).status).toBe(401);
    const foreign = await members(TEAM, undefined, await token('https://api.botframework.com/.default'));
    expect(foreign).toMatchObject({ status: 401, body: { error: { code: 'InvalidAuthenticationToken' } } });
  });

  it('answers 404 for an unknown team and 403 for a team whose members the app may not read', async () => {
    expect((await members('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const other = '11111111-2222-4333-8444-555555555555';
    connector.graphMembers.setMembers(other, [graphMember(ALICE, ['owner'])]);
    connector.graphMembers.forbid(other);
    const forbidden = await members(other, byUser(ALICE.aadObjectId));
    expect(forbidden).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
    expect(String((forbidden.body['error'] as { message: string }).message)).toContain(
      'TeamMember.Read.Group',
    );
  });

  it('records every request with the status it answered', async () => {
    const before = connector.graphMembers.calls.length;
    await members(TEAM, byUser(ALICE.aadObjectId));
    expect(connector.graphMembers.calls.slice(before)).toEqual([
      { method: 'GET', path: `/v1.0/teams/${TEAM}/members`, body: undefined, status: 200 },
    ]);
  });
});
