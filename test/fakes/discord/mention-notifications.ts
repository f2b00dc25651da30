import type { APIAllowedMentions } from 'discord-api-types/v10';
import { DiscordErrors } from './discord-api-error.js';

/** Who a new message notified, as Discord decides it from its content and `allowed_mentions`. */
export interface DiscordPing {
  readonly messageId: string;
  readonly channelId: string;
  /** Users pinged by a `<@id>` in the content that `allowed_mentions` let through. */
  readonly users: readonly string[];
  /** Roles pinged by a `<@&id>` in the content that `allowed_mentions` let through. */
  readonly roles: readonly string[];
  /** `@everyone` or `@here` in the content, let through. */
  readonly everyone: boolean;
}

const MAX_ALLOWED_IDS = 100;

/**
 * Discord's rules: only the content notifies (never embeds), only on a new, non-ephemeral message (never an
 * edit), and only what `allowed_mentions` lets through; without `allowed_mentions`, every mention notifies.
 * `parse: ["users"]` with a `users` list (or roles likewise) is refused, as are more than 100 ids.
 */
export function notificationsOf(
  content: string | undefined,
  allowed: APIAllowedMentions | undefined,
): Omit<DiscordPing, 'messageId' | 'channelId'> {
  const parse = new Set<string>(allowed ? (allowed.parse ?? []) : ['users', 'roles', 'everyone']);
  const text = content ?? '';
  const mentionedUsers = unique([...text.matchAll(/<@!?(\d+)>/g)].map((match) => match[1]!));
  const mentionedRoles = unique([...text.matchAll(/<@&(\d+)>/g)].map((match) => match[1]!));
  const users = allowedIds(mentionedUsers, parse.has('users'), allowed?.users, 'users');
  const roles = allowedIds(mentionedRoles, parse.has('roles'), allowed?.roles, 'roles');
  const everyone = parse.has('everyone') && /@(?:everyone|here)\b/.test(text);
  return { users, roles, everyone };
}

function allowedIds(
  mentioned: readonly string[],
  parsed: boolean,
  listed: readonly string[] | undefined,
  field: 'users' | 'roles',
): string[] {
  if (parsed && listed?.length) {
    throw DiscordErrors.invalidFormBody(
      'allowed_mentions',
      'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
      `parse:["${field}"] and ${field}: [ids...] are mutually exclusive.`,
    );
  }
  if ((listed?.length ?? 0) > MAX_ALLOWED_IDS) {
    throw DiscordErrors.invalidFormBody(
      `allowed_mentions.${field}`,
      'BASE_TYPE_MAX_LENGTH',
      `Must be ${MAX_ALLOWED_IDS} or fewer in length.`,
    );
  }
  if (parsed) return [...mentioned];
  const allowed = new Set(listed ?? []);
  return mentioned.filter((id) => allowed.has(id));
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
