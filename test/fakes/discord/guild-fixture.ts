import {
  ApplicationFlags,
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  Locale,
  PermissionFlagsBits,
  type APIGuildCategoryChannel,
  type APIGuildVoiceChannel,
  type APIOverwrite,
  type ChannelFlags,
  type GuildMemberFlags,
  type GuildSystemChannelFlags,
  type RoleFlags,
  type UserFlags,
  type APIGuildMember,
  type APIRole,
  type APITextChannel,
  type APIUser,
  type GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';
import { nextSnowflake } from './snowflake.js';

export type FakeGuildChannel = APITextChannel | APIGuildCategoryChannel | APIGuildVoiceChannel;

export interface SeedChannel {
  name: string;
  type: ChannelType.GuildText | ChannelType.GuildCategory;
  /** Name of a category declared earlier in the list. */
  parentName?: string;
  topic?: string;
}

export interface GuildFixtureOptions {
  guildId?: string;
  guildName?: string;
  botUserId?: string;
  applicationId?: string;
  channels?: SeedChannel[];
}

export interface FakeUsers {
  bot: APIUser;
  /** Guild owner, holds the Incident Commander role. */
  alice: APIUser;
  bob: APIUser;
}

export interface GuildFixture {
  guildId: string;
  guildName: string;
  applicationId: string;
  users: FakeUsers;
  roles: APIRole[];
  members: APIGuildMember[];
  channels: FakeGuildChannel[];
  joinedAt: string;
  botPermissions: bigint;
}

export const DEFAULT_CHANNELS: SeedChannel[] = [
  { name: 'Incident Response', type: ChannelType.GuildCategory },
  {
    name: 'incidents',
    type: ChannelType.GuildText,
    parentName: 'Incident Response',
    topic: 'Active incidents',
  },
];

/** An unverified app with the privileged members and message content intents switched on in the portal. */
export const APPLICATION_FLAGS =
  ApplicationFlags.GatewayGuildMembersLimited | ApplicationFlags.GatewayMessageContentLimited;

const EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.ChangeNickname;

const BOT_PERMISSIONS =
  EVERYONE_PERMISSIONS |
  PermissionFlagsBits.ManageChannels |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.PinMessages |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads;

const COMMANDER_PERMISSIONS =
  EVERYONE_PERMISSIONS | PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageMessages;

export function createGuildFixture(options: GuildFixtureOptions = {}): GuildFixture {
  const guildId = options.guildId ?? nextSnowflake();
  const applicationId = options.applicationId ?? options.botUserId ?? nextSnowflake();
  const users: FakeUsers = {
    bot: buildUser(options.botUserId ?? applicationId, 'Firebreak', { bot: true, discriminator: '4821' }),
    alice: buildUser(nextSnowflake(), 'alice.oncall', { globalName: 'Alice' }),
    bob: buildUser(nextSnowflake(), 'bob.sre', { globalName: 'Bob' }),
  };
  const roles = buildRoles(guildId, users.bot.id);
  const [, botRole, commanderRole] = roles;
  const joinedAt = new Date(Date.now() - 86_400_000).toISOString();
  const members = [
    buildMember(users.bot, [botRole.id], joinedAt),
    buildMember(users.alice, [commanderRole.id], joinedAt),
    buildMember(users.bob, [], joinedAt),
  ];
  const channels = buildChannels(guildId, options.channels ?? DEFAULT_CHANNELS);
  const guildName = options.guildName ?? 'Firebreak Test Ops';
  return {
    guildId,
    guildName,
    applicationId,
    users,
    roles,
    members,
    channels,
    joinedAt,
    botPermissions: BOT_PERMISSIONS,
  };
}

export function memberPermissions(fixture: GuildFixture, member: APIGuildMember): bigint {
  return fixture.roles
    .filter((role) => role.id === fixture.guildId || member.roles.includes(role.id))
    .reduce((bits, role) => bits | BigInt(role.permissions), 0n);
}

export function buildGuildCreate(
  fixture: GuildFixture,
  channels: FakeGuildChannel[],
): GatewayGuildCreateDispatchData {
  return {
    id: fixture.guildId,
    name: fixture.guildName,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: fixture.users.alice.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    mfa_level: GuildMFALevel.None,
    nsfw_level: GuildNSFWLevel.Default,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: Locale.EnglishUS,
    features: [],
    roles: fixture.roles,
    emojis: [],
    stickers: [],
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    hub_type: null,
    incidents_data: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    joined_at: fixture.joinedAt,
    large: false,
    unavailable: false,
    member_count: fixture.members.length,
    members: fixture.members,
    channels,
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function buildTextChannel(
  guildId: string,
  fields: { name: string; parentId?: string | null; topic?: string | null; position: number },
): APITextChannel {
  return {
    id: nextSnowflake(),
    type: ChannelType.GuildText,
    guild_id: guildId,
    name: fields.name,
    topic: fields.topic ?? null,
    parent_id: fields.parentId ?? null,
    position: fields.position,
    permission_overwrites: [],
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: null,
    last_pin_timestamp: null,
    default_auto_archive_duration: 1440,
    flags: 0 as ChannelFlags,
  };
}

export function buildVoiceChannel(
  guildId: string,
  fields: { name: string; parentId: string | null; position: number; overwrites: APIOverwrite[] },
): APIGuildVoiceChannel {
  return {
    id: nextSnowflake(),
    type: ChannelType.GuildVoice,
    guild_id: guildId,
    name: fields.name,
    parent_id: fields.parentId,
    position: fields.position,
    permission_overwrites: fields.overwrites,
    nsfw: false,
    bitrate: 64_000,
    user_limit: 0,
    rtc_region: null,
    rate_limit_per_user: 0,
    last_message_id: null,
    flags: 0 as ChannelFlags,
  };
}

export function buildCategory(guildId: string, name: string, position: number): APIGuildCategoryChannel {
  return {
    id: nextSnowflake(),
    type: ChannelType.GuildCategory,
    guild_id: guildId,
    name,
    parent_id: null,
    position,
    permission_overwrites: [],
    nsfw: false,
    flags: 0 as ChannelFlags,
  };
}

function buildChannels(guildId: string, seeds: SeedChannel[]): FakeGuildChannel[] {
  const channels: FakeGuildChannel[] = [];
  for (const [position, seed] of seeds.entries()) {
    if (seed.type === ChannelType.GuildCategory) {
      channels.push(buildCategory(guildId, seed.name, position));
      continue;
    }
    const parentId = channels.find((channel) => channel.name === seed.parentName)?.id ?? null;
    channels.push(buildTextChannel(guildId, { name: seed.name, parentId, topic: seed.topic, position }));
  }
  return channels;
}

function buildUser(
  id: string,
  username: string,
  extra: { bot?: boolean; discriminator?: string; globalName?: string },
): APIUser {
  return {
    id,
    username,
    discriminator: extra.discriminator ?? '0',
    global_name: extra.globalName ?? null,
    avatar: null,
    public_flags: 0 as UserFlags,
    ...(extra.bot ? { bot: true } : {}),
  };
}

function buildRoles(guildId: string, botUserId: string): [APIRole, APIRole, APIRole] {
  return [
    buildRole(guildId, '@everyone', 0, EVERYONE_PERMISSIONS),
    {
      ...buildRole(nextSnowflake(), 'Firebreak', 1, BOT_PERMISSIONS),
      managed: true,
      tags: { bot_id: botUserId },
    },
    {
      ...buildRole(nextSnowflake(), 'Incident Commander', 2, COMMANDER_PERMISSIONS),
      hoist: true,
      color: 0xe74c3c,
    },
  ];
}

export function buildRole(id: string, name: string, position: number, permissions: bigint): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

function buildMember(user: APIUser, roles: string[], joinedAt: string): APIGuildMember {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}
