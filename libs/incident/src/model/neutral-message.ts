import type { ButtonIntent } from '../commands/button-intent.js';

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
    ...extra,
    text,
  };
}
