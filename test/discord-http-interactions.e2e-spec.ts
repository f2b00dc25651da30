import { InteractionResponseType, InteractionType, MessageFlags } from 'discord.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signatureHeaders } from './fakes/discord/interaction-signer.js';
import { startGateway, TempDatabase } from './support/gateway-app.js';
import { embedOf, startDiscordGateway, type DiscordGatewayHarness } from './support/discord-gateway.js';

const WAIT = { timeout: 10_000, interval: 25 };

describe('POST /discord/interactions (HTTP interactions, Ed25519-signed)', () => {
  let h: DiscordGatewayHarness;

  const post = (body: string, headers: Record<string, string>) =>
    request(h.app.getHttpServer())
      .post('/discord/interactions')
      .set('Content-Type', 'application/json')
      .set(headers)
      .send(body);

  beforeAll(async () => {
    h = await startDiscordGateway();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('answers a signed PING with PONG, without a bearer token', async () => {
    const body = JSON.stringify({
      id: '1',
      type: InteractionType.Ping,
      application_id: h.fake.applicationId,
      token: 't',
      version: 1,
    });
    const response = await post(body, signatureHeaders(body)).expect(200);
    expect(response.body).toEqual({ type: InteractionResponseType.Pong });
  });

  it('refuses a request with no signature headers with 401', async () => {
    const body = JSON.stringify({ type: InteractionType.Ping });
    await post(body, {}).expect(401);
  });

  it('refuses a forged signature, or a body changed after signing, with 401', async () => {
    const body = JSON.stringify({ type: InteractionType.Ping });
    const headers = signatureHeaders(body);
    await post(body, { ...headers, 'X-Signature-Ed25519': 'ab'.repeat(64) }).expect(401);
    await post(JSON.stringify({ type: InteractionType.Ping, extra: 1 }), headers).expect(401);
    await post(body, { ...headers, 'X-Signature-Ed25519': 'not hex' }).expect(401);
  });

  it('refuses a correctly signed request whose timestamp is more than 5 minutes old', async () => {
    const body = JSON.stringify({ type: InteractionType.Ping });
    const stale = Math.floor(Date.now() / 1000 - 6 * 60).toString();
    await post(body, signatureHeaders(body, stale)).expect(401);
  });

  it('defers a slash command (type 5) and follows up through the webhook with the answer', async () => {
    const interaction = h.fake.httpSlashCommand({
      name: 'incident',
      subcommand: 'declare',
      options: { title: 'Payments API erroring', severity: 'major' },
    });
    const body = JSON.stringify(interaction);
    const response = await post(body, signatureHeaders(body)).expect(200);
    expect(response.body).toEqual({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: {},
    });
    h.fake.acceptHttpResponse(interaction, response.body);

    await vi.waitFor(() => {
      const reply = h.fake
        .messagesIn(interaction.channel_id!)
        .find((each) => each.interaction_metadata?.id === interaction.id);
      expect(reply && (reply.flags ?? 0) & MessageFlags.Loading).toBe(0);
      expect(embedOf(reply).description).toContain('Declared INC-1');
    }, WAIT);
    expect((await h.incidents.getIncident('INC-1')).title).toBe('Payments API erroring');
  });

  it('applies a replayed interaction once and answers it the same way', async () => {
    const interaction = h.fake.httpSlashCommand({
      name: 'incident',
      subcommand: 'action',
      options: { text: 'Restarted the payments workers', incident: 'INC-1' },
    });
    const body = JSON.stringify(interaction);
    const headers = signatureHeaders(body);
    const first = await post(body, headers).expect(200);
    const replayed = await post(body, headers).expect(200);
    expect(replayed.body).toEqual(first.body);
    h.fake.acceptHttpResponse(interaction, first.body);
    await vi.waitFor(async () => {
      const actions = (await h.incidents.actionItems('INC-1')).filter(
        (each) => each.text === 'Restarted the payments workers',
      );
      expect(actions).toHaveLength(1);
    }, WAIT);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const actions = (await h.incidents.actionItems('INC-1')).filter(
      (each) => each.text === 'Restarted the payments workers',
    );
    expect(actions).toHaveLength(1);
  });

  it('answers autocomplete over HTTP directly', async () => {
    const interaction = h.fake.httpSlashCommand({ name: 'incident', subcommand: 'show' });
    const autocomplete = {
      ...interaction,
      type: InteractionType.ApplicationCommandAutocomplete,
      data: {
        ...interaction.data,
        options: [
          { name: 'show', type: 1, options: [{ name: 'incident', type: 3, value: 'pay', focused: true }] },
        ],
      },
    };
    const body = JSON.stringify(autocomplete);
    const response = await post(body, signatureHeaders(body)).expect(200);
    expect(response.body).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [{ name: 'INC-1: Payments API erroring (investigating)', value: 'INC-1' }] },
    });
  });
});

describe('Gateway without Discord configuration', () => {
  it('starts without the connector and has no interactions endpoint', async () => {
    const db = new TempDatabase();
    const app = await startGateway(db.url);
    try {
      await request(app.getHttpServer()).post('/discord/interactions').send({ type: 1 }).expect(404);
      await request(app.getHttpServer()).get('/healthz').expect(200);
    } finally {
      await app.close();
      db.remove();
    }
  });

  it('names the missing variable when the Discord configuration is incomplete', async () => {
    const db = new TempDatabase();
    try {
      await expect(startGateway(db.url, { DISCORD_TOKEN: 'x'.repeat(40) })).rejects.toThrow(
        /DISCORD_APPLICATION_ID: is required/,
      );
    } finally {
      db.remove();
    }
  });
});
