import { IncidentError } from '../errors.js';
import { isWhitespace } from './typed-text.js';

export const PLATFORMS = ['discord', 'teams', 'api'] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * A person acting on an incident, identified across platforms by a platform-qualified id
 * (`discord:123`, `teams:29:abc`, `api:ops`), so one incident can be worked from several platforms.
 */
export interface Participant {
  readonly id: string;
  readonly displayName: string;
}

const QUALIFIED_ID = /^(discord|teams|api):\S+$/;

export function isParticipantId(value: string): boolean {
  return QUALIFIED_ID.test(value);
}

function platformOf(participantId: string): Platform {
  const match = QUALIFIED_ID.exec(participantId);
  if (!match) throw IncidentError.invalid('user', `"${participantId}" is not a platform-qualified user id.`);
  return match[1] as Platform;
}

/** How someone whose platform gave no name is written: by platform, never by id. */
const UNNAMED: Readonly<Record<Platform, string>> = {
  discord: 'a Discord user',
  teams: 'a Teams user',
  api: 'the API',
};

/** A participant; without a display name (the platform gave none), named by platform, never by id. */
export function participant(id: string, displayName?: string): Participant {
  const platform = platformOf(id);
  const name = displayName?.trim();
  if (name) return { id, displayName: name };
  return platform === 'api'
    ? apiParticipant(id.slice('api:'.length))
    : { id, displayName: UNNAMED[platform] };
}

/** How a participant is written in neutral text; connectors turn the id into a native mention. */
export const mentionOf = (who: Participant): string => `<@${who.id}>`;

/** The display names of the people a message mentions, by participant id (a message's `people`). */
export function namesOf(people: readonly (Participant | null | undefined)[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const person of people) if (person) names[person.id] = person.displayName;
  return names;
}

/** An API token acting: named as the API, so no one mistakes the token's name for a person. */
export function apiParticipant(tokenName: string): Participant {
  return { id: `api:${tokenName}`, displayName: `API (${tokenName})` };
}

/**
 * Each neutral mention `<@platform:id>` in `text` replaced by `write(id)` (`id` platform-qualified), in one
 * pass: text that only starts like a mention is kept as it is.
 */
export function replaceMentions(text: string, write: (participantId: string) => string): string {
  let written = '';
  let copied = 0;
  for (let start = text.indexOf('<@'); start >= 0;) {
    const mention = scanMention(text, start);
    if (mention.complete) {
      written += text.slice(copied, start) + write(text.slice(start + 2, mention.end));
      copied = mention.end + 1;
    }
    // The characters a failed mention read cannot start one that completes: they all stop where it stopped.
    start = text.indexOf('<@', mention.end);
  }
  return written + text.slice(copied);
}

/** Reads the mention opening at `start`: complete at its `>`, or where it stopped looking like one. */
function scanMention(text: string, start: number): { end: number; complete: boolean } {
  const platform = PLATFORMS.find((each) => text.startsWith(`${each}:`, start + 2));
  if (!platform) return { end: start + 2, complete: false };
  const idStart = start + 3 + platform.length;
  let end = idStart;
  while (end < text.length && text[end] !== '>' && !isWhitespace(text.charCodeAt(end))) end += 1;
  return { end, complete: text[end] === '>' && end > idStart };
}
