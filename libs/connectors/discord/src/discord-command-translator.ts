import {
  ApplicationCommandOptionType,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionDataResolved,
  type APIUser,
} from 'discord.js';
import {
  IncidentError,
  isComponentStatus,
  isWorkspaceAdministrator,
  parseCommand,
  parseDueDate,
  parseUpdateCommand,
  parseRef,
  parseSeverity,
  parseStatus,
  type Command,
  type CommandContext,
  type Participant,
  type WorkspaceStanding,
} from '@firebreak/incident';

/** What the translator needs to know about the deployment. */
export interface TranslationSettings {
  readonly adminRoleId: string | null;
}

/** A slash command, once read: a domain command, the declare form, or the connector's own `setup`. */
export type SlashCommandTranslation =
  | {
      readonly kind: 'command';
      readonly command: Command;
      readonly context: CommandContext;
      readonly private: boolean;
    }
  | { readonly kind: 'declare_form' }
  | {
      readonly kind: 'setup';
      readonly categoryId: string | null;
      readonly archiveCategoryId: string | null;
      readonly context: CommandContext;
    };

type OptionValue = string | number | boolean;

/** Subcommands whose answer only the asker needs: deferred as ephemeral. */
const PRIVATE_SUBCOMMANDS = new Set(['list', 'show', 'help', 'setup']);

export const discordParticipantId = (userId: string): string => `discord:${userId}`;

/** Reads `/incident <subcommand>` options into a domain command; mentions become `discord:<id>`. */
export function translateSlashCommand(
  interaction: APIChatInputApplicationCommandInteraction,
  settings: TranslationSettings,
): SlashCommandTranslation {
  const sub = interaction.data.options?.find(
    (option) => option.type === ApplicationCommandOptionType.Subcommand,
  );
  if (!sub || sub.type !== ApplicationCommandOptionType.Subcommand) {
    throw IncidentError.invalid('subcommand', 'Use `/incident <subcommand>`, e.g. `/incident declare`.');
  }
  const options = optionValues(sub.options ?? []);
  const resolved = interaction.data.resolved;
  const mentioned: Record<string, string> = {};
  const user = (name: string): string | null => {
    const id = options.get(name);
    if (typeof id !== 'string') return null;
    const participantId = discordParticipantId(id);
    mentioned[participantId] = resolvedName(resolved, id);
    return participantId;
  };
  const string = (name: string): string | undefined => {
    const value = options.get(name);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const required = (name: string): string => {
    const value = string(name);
    if (value === undefined) throw IncidentError.invalid(name, `\`/incident ${sub.name}\` needs ${name}.`);
    return value;
  };
  const ref = incidentRef(string('incident'));

  let command: Command;
  switch (sub.name) {
    case 'declare': {
      const title = string('title');
      if (!title) return { kind: 'declare_form' };
      const severity = string('severity');
      command = {
        kind: 'declare',
        title,
        ...optional('summary', string('summary')),
        ...optional('impact', string('impact')),
        ...(severity ? { severity: parseSeverity(severity) } : {}),
      };
      break;
    }
    case 'summary':
    case 'impact':
    case 'action':
      command = { kind: sub.name, ref, text: required('text') };
      break;
    case 'sev':
      command = { kind: 'severity', ref, severity: parseSeverity(required('level')) };
      break;
    case 'status':
      command = { kind: 'status', ref, status: parseStatus(required('state')) };
      break;
    case 'lead':
    case 'scribe':
    case 'comms':
      command = { kind: 'role', ref, role: sub.name, user: user('user') };
      break;
    case 'followup': {
      const due = string('due');
      command = {
        kind: 'followup',
        ref,
        text: required('text'),
        owner: user('owner'),
        dueAt: due ? parseDueDate(due) : null,
      };
      break;
    }
    case 'update':
      command = parseUpdateCommand(ref, required('text'));
      break;
    case 'run':
      command = parseCommand(withParticipantMentions(required('command')));
      break;
    case 'component': {
      const status = required('status');
      if (!isComponentStatus(status))
        throw IncidentError.invalid('status', `"${status}" is not a component status.`);
      command = { kind: 'component', ref, component: required('name'), status };
      break;
    }
    case 'resolve':
    case 'show':
      command = { kind: sub.name, ref };
      break;
    case 'close':
      command = { kind: 'close', ref, override: string('override') ?? null };
      break;
    case 'list':
      command = { kind: 'list' };
      break;
    case 'help':
      command = { kind: 'help', topic: string('topic') ?? null };
      break;
    case 'setup': {
      const category = options.get('category');
      const archive = options.get('archive_category');
      return {
        kind: 'setup',
        categoryId: typeof category === 'string' ? category : null,
        archiveCategoryId: typeof archive === 'string' ? archive : null,
        context: commandContextFor(interaction, settings),
      };
    }
    default:
      throw IncidentError.invalid('subcommand', `\`/incident ${sub.name}\` is not a Firebreak command.`);
  }
  return {
    kind: 'command',
    command,
    context: commandContextFor(interaction, settings, mentioned),
    private: PRIVATE_SUBCOMMANDS.has(sub.name),
  };
}

/**
 * Who acts and where: actor `discord:<userId>` with their display name, the Discord channel id as location,
 * the interaction id as idempotency key, and privileged for an administrator of the server (see `standingOf`).
 */
export function commandContextFor(
  interaction: APIInteraction,
  settings: TranslationSettings,
  mentioned: Readonly<Record<string, string>> = {},
): CommandContext {
  return {
    actor: actorOf(interaction),
    location: interaction.channel_id ? { platform: 'discord', channelId: interaction.channel_id } : null,
    idempotencyKey: `discord:interaction:${interaction.id}`,
    privileged: isWorkspaceAdministrator(standingOf(interaction, settings)),
    mentioned,
  };
}

function actorOf(interaction: APIInteraction): Participant {
  const user = interaction.member?.user ?? interaction.user;
  if (!user) throw IncidentError.invalid('user', 'This interaction has no user.');
  return { id: discordParticipantId(user.id), displayName: interaction.member?.nick || displayNameOf(user) };
}

export function displayNameOf(user: Pick<APIUser, 'username' | 'global_name'>): string {
  return user.global_name || user.username;
}

/**
 * What Discord says about the member acting: the Administrator permission (which the server's owner always
 * has) makes them an administrator of the server, DISCORD_ADMIN_ROLE_ID a configured one. Who may do what
 * with that standing is the domain's rule, the same on every platform.
 */
export function standingOf(interaction: APIInteraction, settings: TranslationSettings): WorkspaceStanding {
  const member = interaction.member;
  if (!member) return { ownerOrAdministrator: false, configuredAdministrator: false };
  return {
    ownerOrAdministrator: (BigInt(member.permissions) & PermissionFlagsBits.Administrator) !== 0n,
    configuredAdministrator: settings.adminRoleId !== null && member.roles.includes(settings.adminRoleId),
  };
}

function incidentRef(value: string | undefined): string | null {
  if (value === undefined) return null;
  // Autocomplete offers "INC-3: title"; the reference is the first word.
  const ref = parseRef(value.split(/[\s:]/)[0] ?? '');
  if (!ref) throw IncidentError.invalid('incident', `"${value}" is not an incident reference such as INC-3.`);
  return ref;
}

function optionValues(
  options: readonly APIApplicationCommandInteractionDataOption[],
): Map<string, OptionValue> {
  const values = new Map<string, OptionValue>();
  for (const option of options) {
    if ('value' in option && option.value !== undefined) values.set(option.name, option.value);
  }
  return values;
}

function resolvedName(resolved: APIInteractionDataResolved | undefined, userId: string): string {
  const member = resolved?.members?.[userId];
  const user = resolved?.users?.[userId];
  return member?.nick || (user ? displayNameOf(user) : userId);
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** Discord writes mentions as `<@123>` in typed text; the command language wants `<@discord:123>`. */
function withParticipantMentions(text: string): string {
  return text.replace(/<@!?(\d+)>/g, (_, id: string) => `<@${discordParticipantId(id)}>`);
}
