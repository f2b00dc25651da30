import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommand,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { nextSnowflake } from './snowflake.js';

const GLOBAL_SCOPE = 'global';

/** Registered application commands per scope (global or a guild id), replaced wholesale by bulk overwrite. */
export class CommandRegistry {
  private readonly byScope = new Map<string, APIApplicationCommand[]>();

  constructor(private readonly applicationId: string) {}

  list(guildId?: string): APIApplicationCommand[] {
    return this.byScope.get(guildId ?? GLOBAL_SCOPE) ?? [];
  }

  /** Like Discord, a command keeps its id when an overwrite re-declares the same name and type. */
  overwrite(bodies: RESTPostAPIApplicationCommandsJSONBody[], guildId?: string): APIApplicationCommand[] {
    const previous = this.list(guildId);
    const commands = bodies.map((body) => {
      const type = body.type ?? ApplicationCommandType.ChatInput;
      const existing = previous.find((command) => command.name === body.name && command.type === type);
      return this.toCommand(body, type, existing?.id ?? nextSnowflake(), guildId);
    });
    this.byScope.set(guildId ?? GLOBAL_SCOPE, commands);
    return commands;
  }

  /** The id Discord would put in an interaction's `data.id` for this command name. */
  idOf(name: string, guildId: string): string | undefined {
    return [...this.list(guildId), ...this.list()].find((command) => command.name === name)?.id;
  }

  private toCommand(
    body: RESTPostAPIApplicationCommandsJSONBody,
    type: ApplicationCommandType,
    id: string,
    guildId: string | undefined,
  ): APIApplicationCommand {
    return {
      id,
      type,
      application_id: this.applicationId,
      ...(guildId ? { guild_id: guildId } : {}),
      name: body.name,
      name_localizations: body.name_localizations ?? null,
      description: ('description' in body ? body.description : undefined) ?? '',
      description_localizations:
        'description_localizations' in body ? (body.description_localizations ?? null) : null,
      options: 'options' in body ? (body.options ?? []) : [],
      default_member_permissions: body.default_member_permissions ?? null,
      nsfw: body.nsfw ?? false,
      integration_types: body.integration_types ?? [ApplicationIntegrationType.GuildInstall],
      contexts: body.contexts ?? [
        InteractionContextType.Guild,
        InteractionContextType.BotDM,
        InteractionContextType.PrivateChannel,
      ],
      version: nextSnowflake(),
    };
  }
}
