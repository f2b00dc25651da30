import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import { encodeButton } from '@firebreak/chat';
import {
  replaceMentions,
  type MessageButton,
  type MessageTone,
  type NeutralMessage,
} from '@firebreak/incident';

/** A message body for channel posts, edits, interaction responses and follow-ups alike. */
export interface DiscordMessageBody {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  flags?: number;
  allowed_mentions: { parse: []; users?: string[] };
}

export interface RenderOptions {
  /** Display names by participant id, for people Discord cannot mention (Teams, API users). */
  readonly names?: Readonly<Record<string, string>>;
}

const TONE_COLOURS: Record<MessageTone, number> = {
  info: 0x3498db,
  success: 0x2ecc71,
  warning: 0xf1c40f,
  error: 0xe74c3c,
};

const BUTTON_STYLES: Record<MessageButton['style'], ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Discord's limits, so a long summary is cut instead of the whole post being refused. */
const LIMITS = { title: 256, description: 4096, fieldName: 256, fieldValue: 1024, fields: 25 };

const PLATFORM_LABELS: Readonly<Record<string, string>> = { teams: 'Teams', api: 'API' };
const PLATFORM_USERS: Readonly<Record<string, string>> = { teams: 'a Teams user', api: 'the API' };

/**
 * Neutral mentions (`<@discord:123>`) become native ones; people from other platforms, whom Discord cannot
 * mention, are written by name (`**Eli** (Teams)`), reduced to plain text so a name cannot start markdown, a
 * link or a mention; a person without a known name is named by platform, never by id.
 */
export function toDiscordMarkdown(text: string, names: Readonly<Record<string, string>> = {}): string {
  return replaceMentions(text, (participantId) => {
    const platform = participantId.slice(0, participantId.indexOf(':'));
    if (platform === 'discord') return `<@${participantId.slice('discord:'.length)}>`;
    const name = plainName(names[participantId] ?? '');
    if (!name) return PLATFORM_USERS[platform] ?? 'someone';
    // An API token's display name already says it is the API: "API (ops)".
    return platform === 'api' ? `**${name}**` : `**${name}** (${PLATFORM_LABELS[platform]})`;
  });
}

/** A display name as plain text: no markdown emphasis, code, links or spoilers, no mention syntax, one line. */
function plainName(name: string): string {
  return name
    .replace(/[<>*_~`|\\[\]]/g, '')
    .replace(/@/g, '@\u200b')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Renders a NeutralMessage as a Discord message: one embed plus buttons (their typed intents encoded by the chat
 * layer into each custom_id); private messages become ephemeral. Teams' counterpart is `TeamsCardRenderer`.
 */
export class DiscordMessageRenderer {
  render(message: NeutralMessage, options: RenderOptions = {}): DiscordMessageBody {
    return renderMessage(message, options);
  }
}

function renderMessage(message: NeutralMessage, options: RenderOptions): DiscordMessageBody {
  const names = { ...message.people, ...options.names };
  const embed: APIEmbed = {
    color: TONE_COLOURS[message.tone],
    description: cut(toDiscordMarkdown(message.text, names), LIMITS.description),
    ...(message.title ? { title: cut(message.title, LIMITS.title) } : {}),
    ...(message.fields.length
      ? { fields: message.fields.slice(0, LIMITS.fields).map((field) => renderField(field, names)) }
      : {}),
  };
  const body: DiscordMessageBody = {
    embeds: [embed],
    components: renderButtons(message),
    allowed_mentions: { parse: [] },
  };
  if (message.visibility === 'private') body.flags = MessageFlags.Ephemeral;
  const users = notifiedUsers(message);
  if (users.length) {
    // Mentions inside embeds never notify: the people to reach are mentioned in `content`, and only they may
    // be pinged (never @everyone, @here or a role, whatever the text says).
    body.content = users.map((id) => `<@${id}>`).join(' ');
    body.allowed_mentions = { parse: [], users };
  }
  return body;
}

/** The Discord user ids of the people the message is meant to reach (at most 100, as Discord allows). */
function notifiedUsers(message: NeutralMessage): string[] {
  if (message.visibility === 'private') return [];
  const ids = (message.notify ?? [])
    .filter((id) => id.startsWith('discord:'))
    .map((id) => id.slice('discord:'.length));
  return [...new Set(ids)].slice(0, 100);
}

function renderField(
  field: NeutralMessage['fields'][number],
  names?: Readonly<Record<string, string>>,
): APIEmbedField {
  return {
    name: cut(field.name, LIMITS.fieldName),
    value: cut(toDiscordMarkdown(field.value, names), LIMITS.fieldValue) || '\u200b',
    inline: field.inline ?? false,
  };
}

function renderButtons(message: NeutralMessage): DiscordMessageBody['components'] {
  const ref = message.incidentRef;
  if (!ref || message.buttons.length === 0) return [];
  const buttons: APIButtonComponentWithCustomId[] = message.buttons.map((button) => ({
    type: ComponentType.Button,
    style: BUTTON_STYLES[button.style] as APIButtonComponentWithCustomId['style'],
    label: button.label,
    // The typed intent, encoded by the chat layer (a cut id would only be refused when pressed).
    custom_id: encodeButton(button.intent, ref),
  }));
  const rows: DiscordMessageBody['components'] = [];
  for (let index = 0; index < buttons.length && rows.length < 5; index += 5) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(index, index + 5) });
  }
  return rows;
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
