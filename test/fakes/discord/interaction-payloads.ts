import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  Locale,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIInteractionDataResolved,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIModalSubmitGuildInteraction,
  type APIUser,
} from 'discord-api-types/v10';
import { memberPermissions, type FakeGuildChannel, type GuildFixture } from './guild-fixture.js';
import { nextSnowflake } from './snowflake.js';

export type OptionValue = string | number | boolean;
/** Either `{ severity: 'sev1' }` (types inferred: string, integer, number, boolean) or raw Discord options. */
export type CommandOptions = Record<string, OptionValue> | APIApplicationCommandInteractionDataBasicOption[];

export interface InvocationContext {
  fixture: GuildFixture;
  channel: FakeGuildChannel;
  user: APIUser;
}

export interface SlashCommandInput {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: CommandOptions;
  commandId?: string;
}

export interface AutocompleteInput extends SlashCommandInput {
  focused: { name: string; value: string };
}

export interface ButtonClickInput {
  customId: string;
  message: APIMessage;
}

export interface ModalSubmitInput {
  customId: string;
  /** Text input custom_id -> submitted value. */
  fields: Record<string, string>;
  message?: APIMessage;
}

/** Interaction attachments may be up to 10 MiB for an unboosted guild. */
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

export function buildSlashCommand(
  context: InvocationContext,
  input: SlashCommandInput,
): APIChatInputApplicationCommandGuildInteraction {
  const options = toDataOptions(input.options);
  return {
    ...baseInteraction(context),
    type: InteractionType.ApplicationCommand,
    data: {
      id: input.commandId ?? nextSnowflake(),
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      guild_id: context.fixture.guildId,
      options: nestUnderSubcommand(input, options),
      ...resolvedUsers(context.fixture, options),
    },
  };
}

/** Discord sends the users (and guild members) that user options name in `data.resolved`. */
function resolvedUsers(
  fixture: GuildFixture,
  options: readonly APIApplicationCommandInteractionDataBasicOption[],
): { resolved?: APIInteractionDataResolved } {
  const ids = options.flatMap((option) =>
    option.type === ApplicationCommandOptionType.User ? [option.value] : [],
  );
  const users = Object.values(fixture.users).filter((user) => ids.includes(user.id));
  if (users.length === 0) return {};
  const members = fixture.members.filter((member) => member.user && ids.includes(member.user.id));
  return {
    resolved: {
      users: Object.fromEntries(users.map((user) => [user.id, user])),
      members: Object.fromEntries(
        members.map(({ user, deaf: _deaf, mute: _mute, ...member }) => [
          user!.id,
          { ...member, permissions: '0' },
        ]),
      ),
    },
  };
}

export function buildAutocomplete(
  context: InvocationContext,
  input: AutocompleteInput,
): APIApplicationCommandAutocompleteGuildInteraction {
  const focused = {
    name: input.focused.name,
    type: ApplicationCommandOptionType.String as const,
    value: input.focused.value,
    focused: true,
  };
  return {
    ...baseInteraction(context),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: input.commandId ?? nextSnowflake(),
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      guild_id: context.fixture.guildId,
      options: nestUnderSubcommand(input, [...toDataOptions(input.options), focused]),
    },
  };
}

export function buildButtonClick(
  context: InvocationContext,
  input: ButtonClickInput,
): APIMessageComponentButtonInteraction {
  return {
    ...baseInteraction(context),
    type: InteractionType.MessageComponent,
    data: { custom_id: input.customId, component_type: ComponentType.Button },
    message: input.message,
  };
}

export function buildModalSubmit(
  context: InvocationContext,
  input: ModalSubmitInput,
): APIModalSubmitGuildInteraction {
  return {
    ...baseInteraction(context),
    type: InteractionType.ModalSubmit,
    data: {
      custom_id: input.customId,
      // Modals built from action rows come back as one action row per text input.
      components: Object.entries(input.fields).map(([customId, value]) => ({
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: customId, value }],
      })),
    },
    ...(input.message ? { message: input.message } : {}),
  };
}

function baseInteraction(context: InvocationContext) {
  const { fixture, channel } = context;
  return {
    id: nextSnowflake(),
    application_id: fixture.applicationId,
    token: `aW50ZXJhY3Rpb246${randomBytes(96).toString('base64url')}`,
    version: 1 as const,
    guild_id: fixture.guildId,
    guild: { id: fixture.guildId, locale: Locale.EnglishUS, features: [] },
    channel_id: channel.id,
    channel,
    member: interactionMember(context),
    app_permissions: fixture.botPermissions.toString(),
    locale: Locale.EnglishUS,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: fixture.guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
}

function interactionMember({ fixture, user }: InvocationContext): APIInteractionGuildMember {
  const member = fixture.members.find((candidate) => candidate.user.id === user.id);
  if (!member) throw new Error(`FakeDiscord: user ${user.id} is not a member of the guild`);
  return { ...member, user, permissions: memberPermissions(fixture, member).toString() };
}

function nestUnderSubcommand(
  input: SlashCommandInput,
  options: APIApplicationCommandInteractionDataBasicOption[],
): APIApplicationCommandInteractionDataOption[] {
  if (!input.subcommand) return options;
  const subcommand = {
    name: input.subcommand,
    type: ApplicationCommandOptionType.Subcommand as const,
    options,
  };
  if (!input.subcommandGroup) return [subcommand];
  return [
    {
      name: input.subcommandGroup,
      type: ApplicationCommandOptionType.SubcommandGroup,
      options: [subcommand],
    },
  ];
}

function toDataOptions(
  options: CommandOptions | undefined,
): APIApplicationCommandInteractionDataBasicOption[] {
  if (!options) return [];
  if (Array.isArray(options)) return options;
  return Object.entries(options).map(([name, value]) => toDataOption(name, value));
}

function toDataOption(name: string, value: OptionValue): APIApplicationCommandInteractionDataBasicOption {
  if (typeof value === 'boolean') return { name, type: ApplicationCommandOptionType.Boolean, value };
  if (typeof value === 'string') return { name, type: ApplicationCommandOptionType.String, value };
  const type = Number.isInteger(value)
    ? ApplicationCommandOptionType.Integer
    : ApplicationCommandOptionType.Number;
  return { name, type, value };
}
