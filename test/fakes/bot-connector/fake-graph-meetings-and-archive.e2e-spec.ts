/**
 * The fake's Graph online meetings and channel archiving speak Graph's wire protocol: an app-only token from the
 * fake's token endpoint, `POST/DELETE /v1.0/users/{id}/onlineMeetings[/{id}]` limited to the users an application
 * access policy grants, and `POST /v1.0/teams/{id}/channels/{id}/archive|unarchive` answered 202.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotConnector } from './fake-bot-connector.js';

const TEAM = 'b6a8f1e2-4c3d-4e5f-8a9b-0c1d2e3f4a5b';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ORGANIZER = '6b2f8f0e-4c1d-4e55-9b7a-2f0c5d7e9a11';

let connector: FakeBotConnector;
let bearer: string;

beforeAll(async () => {
  connector = await FakeBotConnector.start();
  connector.graphMeetings.allowedOrganizers.add(ORGANIZER);
  const response = await fetch(`${connector.graphLoginUrl}/${TENANT}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'graph-spec-app',
      client_secret: 'graph-spec-secret',
      scope: `${connector.graphUrl}/.default`,
    }),
  });
  bearer = ((await response.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await connector.close();
});

async function graph(method: string, path: string, body?: unknown, token: string | null = bearer) {
  const response = await fetch(`${connector.graphUrl}/v1.0/${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as Record<string, unknown> | null,
  };
}

describe('FakeGraphOnlineMeetings', () => {
  const window = { startDateTime: '2026-12-01T10:00:00.000Z', endDateTime: '2026-12-02T10:00:00.000Z' };

  it('creates a meeting for an allowed organizer, answering 201 with its id and joinWebUrl', async () => {
    const created = await graph('POST', `users/${ORGANIZER}/onlineMeetings`, {
      subject: 'INC-4: Zürich ☕',
      ...window,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ subject: 'INC-4: Zürich ☕', ...window });
    expect(String(created.body!['joinWebUrl'])).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    expect(connector.graphMeetings.all().map((meeting) => meeting.id)).toEqual([created.body!['id']]);
  });

  it('refuses other organizers with 403, a meeting without times with 400, and no token with 401', async () => {
    expect((await graph('POST', 'users/someone-else/onlineMeetings', window)).status).toBe(403);
    expect((await graph('POST', `users/${ORGANIZER}/onlineMeetings`, { subject: 'x' })).status).toBe(400);
    expect((await graph('POST', `users/${ORGANIZER}/onlineMeetings`, window, null)).status).toBe(401);
  });

  it('deletes a meeting once: 204, then 404', async () => {
    const created = await graph('POST', `users/${ORGANIZER}/onlineMeetings`, window);
    const id = String(created.body!['id']);
    expect((await graph('DELETE', `users/${ORGANIZER}/onlineMeetings/${id}`)).status).toBe(204);
    expect((await graph('DELETE', `users/${ORGANIZER}/onlineMeetings/${id}`)).status).toBe(404);
    expect(connector.graphMeetings.all().find((meeting) => meeting.id === id)?.deleted).toBe(true);
  });
});

describe('FakeGraphChannels archiving', () => {
  it('archives and unarchives a channel with 202, and answers 404 for an unknown one', async () => {
    const created = await graph('POST', `teams/${TEAM}/channels`, {
      displayName: 'inc-9-search',
      membershipType: 'standard',
    });
    const id = String(created.body!['id']);
    expect((await graph('POST', `teams/${TEAM}/channels/${encodeURIComponent(id)}/archive`, {})).status).toBe(
      202,
    );
    expect(connector.graph.channelsOf(TEAM).find((channel) => channel.id === id)?.isArchived).toBe(true);
    expect(
      (await graph('POST', `teams/${TEAM}/channels/${encodeURIComponent(id)}/unarchive`, {})).status,
    ).toBe(202);
    expect(connector.graph.channelsOf(TEAM).find((channel) => channel.id === id)?.isArchived).toBe(false);
    expect((await graph('POST', `teams/${TEAM}/channels/19%3Anope/archive`, {})).status).toBe(404);
    expect((await graph('GET', `teams/${TEAM}/channels/${encodeURIComponent(id)}/archive`)).status).toBe(405);
  });

  it('counts filled channels in the team listing', async () => {
    const before = ((await graph('GET', `teams/${TEAM}/channels`)).body!['value'] as unknown[]).length;
    connector.graph.fillChannels(TEAM, 5);
    expect(((await graph('GET', `teams/${TEAM}/channels`)).body!['value'] as unknown[]).length).toBe(
      before + 5,
    );
  });
});
