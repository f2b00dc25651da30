import { IncidentError } from '../errors.js';

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

const QUALIFIED_ID = /^(discord|teams|api):(\S+)$/;

export function isParticipantId(value: string): boolean {
  return QUALIFIED_ID.test(value);
}

export function platformOf(participantId: string): Platform {
  const match = QUALIFIED_ID.exec(participantId);
  if (!match) throw IncidentError.invalid('user', `"${participantId}" is not a platform-qualified user id.`);
  return match[1] as Platform;
}

export function participant(id: string, displayName?: string): Participant {
  platformOf(id);
  return { id, displayName: displayName?.trim() || id };
}

/** How a participant is written in neutral text; connectors turn the id into a native mention. */
export const mentionOf = (who: Participant): string => `<@${who.id}>`;
