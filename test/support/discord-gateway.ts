import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DiscordConnector } from '@firebreak/discord';
import { ChatWorkspaceRepository, IncidentService } from '@firebreak/incident';
import { OutboxRelay } from '@firebreak/persistence';
import type { APIEmbed, APIMessage } from 'discord.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { publicKeyHex } from '../fakes/discord/interaction-signer.js';
import { startGateway, TempDatabase } from './gateway-app.js';

/** The real gateway with the Discord connector on, talking to a fresh FakeDiscord on loopback. */
export interface DiscordGatewayHarness {
  readonly fake: FakeDiscord;
  readonly app: INestApplication;
  readonly db: TempDatabase;
  readonly connector: DiscordConnector;
  readonly incidents: IncidentService;
  readonly relay: OutboxRelay;
  stop(): Promise<void>;
}

export function discordEnvironment(fake: FakeDiscord): NodeJS.ProcessEnv {
  return {
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_PUBLIC_KEY: publicKeyHex,
    DISCORD_GUILD_ID: fake.guildId,
    DISCORD_ADMIN_ROLE_ID: fake.commanderRoleId,
    DISCORD_API_URL: fake.restUrl,
  };
}

/** What `/incident setup` stores: the fake guild's #incidents channel takes announcements, its category the channels. */
export async function setUpIncidentsChannel(app: INestApplicationContext, fake: FakeDiscord): Promise<void> {
  const incidents = fake.findChannelByName('incidents')!;
  await app.get(ChatWorkspaceRepository).save({
    platform: 'discord',
    workspaceId: fake.guildId,
    incidentsChannelId: incidents.id,
    settings: incidents.parent_id ? { incidentCategoryId: incidents.parent_id } : {},
    updatedAt: new Date(),
  });
}

export async function startDiscordGateway(
  environment: NodeJS.ProcessEnv = {},
): Promise<DiscordGatewayHarness> {
  const fake = await FakeDiscord.start();
  const db = new TempDatabase();
  const app = await startGateway(db.url, { ...discordEnvironment(fake), ...environment });
  const connector = app.get(DiscordConnector);
  await connector.ready();
  return {
    fake,
    app,
    db,
    connector,
    incidents: app.get(IncidentService),
    relay: app.get(OutboxRelay),
    async stop() {
      await app.close();
      await fake.stop();
      db.remove();
    },
  };
}

/** The bot's messages in a channel whose first embed's title starts with `prefix`. */
export function postsTitled(fake: FakeDiscord, channelId: string, prefix: string): APIMessage[] {
  return fake
    .messagesIn(channelId)
    .filter((each) => (each.embeds as APIEmbed[] | undefined)?.[0]?.title?.startsWith(prefix));
}

export function embedOf(message: APIMessage | undefined): APIEmbed {
  const embed = message?.embeds?.[0];
  if (!embed) throw new Error('message has no embed');
  return embed;
}
