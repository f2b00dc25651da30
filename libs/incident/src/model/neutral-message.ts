import type { ButtonIntent } from '../commands/button-intent.js';
import type { Participant } from './participant.js';

/** A platform-neutral reply; each connector renders it (Discord embed, Adaptive Card, JSON). */
export type MessageTone = 'info' | 'success' | 'warning' | 'error';

export interface MessageField {
  readonly name: string;
  readonly value: string;
  readonly inline?: boolean;
}

/** A button: what it says, and what pressing it does on the message's incident (typed, never command text). */
export interface MessageButton {
  readonly label: string;
  readonly intent: ButtonIntent;
  readonly style: 'primary' | 'secondary' | 'success' | 'danger';
}

export interface NeutralMessage {
  readonly title: string | null;
  readonly text: string;
  readonly fields: readonly MessageField[];
  readonly buttons: readonly MessageButton[];
  readonly tone: MessageTone;
  /** `private` replies are shown only to the person who asked (ephemeral on Discord). */
  readonly visibility: 'public' | 'private';
  readonly incidentRef: string | null;
  /**
   * The display name of everyone the text and fields mention (`<@platform:id>`), by participant id, so each
   * platform names or mentions them properly and never shows an id.
   */
  readonly people: Readonly<Record<string, string>>;
  /**
   * Who the message is meant to reach, by participant id (each also in `people`): each platform notifies them
   * (a Discord ping, a Teams mention). Everyone else the message mentions is only named, so a list or a
   * headline notifies no one. Absent (messages stored before it existed) means nobody.
   */
  readonly notify?: readonly string[];
}

/** Someone a message names: a participant, or nobody (an unassigned role, an unowned follow-up). */
type Named = Participant | null | undefined;

/**
 * The `people` and `notify` of a message meant to reach `reached` that also names `alsoNamed`; each is
 * written in the text as a neutral mention (`mentionOf`).
 */
export function notifying(
  reached: readonly Named[],
  alsoNamed: readonly Named[] = [],
): Pick<NeutralMessage, 'people' | 'notify'> {
  const people: Record<string, string> = {};
  for (const person of [...reached, ...alsoNamed]) if (person) people[person.id] = person.displayName;
  const notify = [...new Set(reached.filter((person) => !!person).map((person) => person.id))];
  return { people, notify };
}

export function message(text: string, extra: Partial<NeutralMessage> = {}): NeutralMessage {
  return {
    title: null,
    fields: [],
    buttons: [],
    tone: 'info',
    visibility: 'public',
    incidentRef: null,
    people: {},
    notify: [],
    ...extra,
    text,
  };
}
