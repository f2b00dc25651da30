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
  /**
   * Notify the Discord users the message mentions (reminders). Mentions inside embeds never notify, so they
   * are repeated in `content`, and only those users are allowed to be pinged.
   */
  readonly ping?: boolean;
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

/**
 * Neutral mentions (`<@discord:123>`) become native ones; people from other platforms, whom Discord cannot
 * mention, are written by name when it is known (`**Eli** (Teams)`), else by id.
 */
export function toDiscordMarkdown(text: string, names: Readonly<Record<string, string>> = {}): string {
  return replaceMentions(text, (participantId) => {
    const platform = participantId.slice(0, participantId.indexOf(':'));
    if (platform === 'discord') return `<@${participantId.slice('discord:'.length)}>`;
    const name = names[participantId];
    return name
      ? `**${name.replace(/[*_`~|\\]/g, '')}** (${PLATFORM_LABELS[platform]})`
      : `\`${participantId}\``;
  });
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
  if (options.ping) {
    const users = discordMentionsIn(message);
    if (users.length) {
      body.content = users.map((id) => `<@${id}>`).join(' ');
      body.allowed_mentions = { parse: [], users };
    }
  }
  return body;
}

function discordMentionsIn(message: NeutralMessage): string[] {
  const text = [message.text, ...message.fields.map((field) => field.value)].join('\n');
  return [...new Set([...text.matchAll(/<@discord:(\d+)>/g)].map((match) => match[1]!))];
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
