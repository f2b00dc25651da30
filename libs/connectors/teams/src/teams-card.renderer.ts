import { encodeButton } from '@firebreak/chat';
import {
  buttonNeedsText,
  participantNames,
  replaceMentions,
  type MessageButton,
  type NeutralMessage,
} from '@firebreak/incident';

/** Adaptive Card JSON as Teams accepts it (schema 1.5). */
export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: string;
  readonly version: '1.5';
  readonly body: readonly Record<string, unknown>[];
  readonly actions: readonly Record<string, unknown>[];
  readonly msteams?: Record<string, unknown>;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** A Teams mention: `text` (`<at>Name</at>`) appears in the message or card it belongs to. */
export interface TeamsMention {
  readonly type: 'mention';
  readonly text: string;
  readonly mentioned: { readonly id: string; readonly name: string };
}

/**
 * An outgoing message: markdown `text` with the mentions in it as `entities`, or a card (which carries its own
 * mentions in `msteams.entities`) with a `summary` for the notification preview. Never both: Teams shows an
 * activity's text above its card, so the card's content would be said twice.
 */
export interface TeamsMessage {
  readonly type: 'message';
  readonly text?: string;
  readonly textFormat?: 'markdown';
  readonly entities?: readonly TeamsMention[];
  readonly summary?: string;
  readonly attachments?: readonly { contentType: string; content: AdaptiveCard }[];
}

/** Display names for `<@platform:id>` mentions in neutral text, keyed by participant id. */
export type MentionNames = Readonly<Record<string, string>>;

const TONE_COLOR = { info: 'Accent', success: 'Good', warning: 'Warning', error: 'Attention' } as const;
const BUTTON_STYLE = {
  primary: 'positive',
  secondary: 'default',
  success: 'positive',
  danger: 'destructive',
};

/**
 * Data every card action carries: the button, encoded by the chat layer (`fb:<kind>:<incident>…`); an action
 * that sends typed text names the input holding it (`textInput`; cards posted before it existed used `text`).
 * Cards posted before buttons were typed carry `intent` and `ref` instead.
 */
export interface CardActionData {
  readonly button?: unknown;
  readonly intent?: unknown;
  readonly ref?: unknown;
  readonly textInput?: string;
  readonly [key: string]: unknown;
}

/** The button data of a pressed card action, from its data or (older cards) its intent and incident. */
export function buttonDataOf(data: CardActionData, verb: string | undefined): unknown {
  if (data.button !== undefined) return data.button;
  const intent = data.intent ?? verb;
  return typeof intent === 'string' && typeof data.ref === 'string' ? `fb:${intent}:${data.ref}` : undefined;
}

/** The text a card action sent: the value of the input it names. */
export function typedTextOf(data: CardActionData): string {
  const value = data[data.textInput ?? 'text'];
  return typeof value === 'string' ? value : '';
}

/**
 * The most actions a card shows in a row: Teams and the Adaptive Cards SDK's default host config allow five,
 * so the rest go under a last "More" button that opens them.
 */
const MAX_ACTIONS = 5;

/**
 * Renders a NeutralMessage as an Adaptive Card 1.5: buttons become `Action.Execute` (Universal Actions,
 * verb = the button's intent, data = {intent, ref}); buttons that need text open an inline form
 * (`Action.ShowCard`) whose submit is again an `Action.Execute`.
 */
export class TeamsCardRenderer {
  render(message: NeutralMessage, names: MentionNames = {}): TeamsMessage {
    if (message.title || message.fields.length > 0 || message.buttons.length > 0) {
      return {
        type: 'message',
        summary: message.title ?? markdownOf(message, names).split('\n')[0]!,
        attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: this.card(message, names) }],
      };
    }
    const people = new TeamsPeople(message, names);
    const text = markdownWith(message, people);
    const mentions = people.mentions.length ? { entities: people.mentions } : {};
    return { type: 'message', text, textFormat: 'markdown', ...mentions };
  }

  /** The headline card of an incident, with role holders' display names. */
  card(message: NeutralMessage, extraNames: MentionNames = {}): AdaptiveCard {
    const people = new TeamsPeople(message, extraNames);
    const withNames = (text: string) => people.write(text);
    const body: Record<string, unknown>[] = [];
    if (message.title) {
      body.push({
        type: 'TextBlock',
        text: message.title,
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
        color: TONE_COLOR[message.tone],
      });
    }
    if (message.text) body.push({ type: 'TextBlock', text: withNames(message.text), wrap: true });
    if (message.fields.length > 0) {
      body.push({
        type: 'FactSet',
        facts: message.fields.map((field) => ({ title: field.name, value: withNames(field.value) })),
      });
    }
    return {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body,
      actions: withinActionLimit(actionsOf(message)),
      msteams: { width: 'Full', ...(people.mentions.length ? { entities: people.mentions } : {}) },
    };
  }
}

function withinActionLimit(actions: Record<string, unknown>[]): Record<string, unknown>[] {
  if (actions.length <= MAX_ACTIONS) return actions;
  const more = {
    type: 'Action.ShowCard',
    title: 'More…',
    card: {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [],
      actions: withinActionLimit(actions.slice(MAX_ACTIONS - 1)),
    },
  };
  return [...actions.slice(0, MAX_ACTIONS - 1), more];
}

/** Buttons act on the message's incident: a message about none has no buttons to show. */
function actionsOf(message: NeutralMessage): Record<string, unknown>[] {
  const ref = message.incidentRef;
  if (!ref) return [];
  return message.buttons.map((button, index) => actionFor(button, index, ref));
}

/** Input ids are unique across a card and its inline forms, so each form's input is named by its button. */
function actionFor(button: MessageButton, index: number, ref: string): Record<string, unknown> {
  const textInput = `text-${index}`;
  const needsText = buttonNeedsText(button.intent);
  const data: CardActionData = {
    button: encodeButton(button.intent, ref),
    ...(needsText ? { textInput } : {}),
  };
  const execute = {
    type: 'Action.Execute',
    title: button.label,
    verb: button.intent.kind,
    data,
    style: BUTTON_STYLE[button.style],
  };
  if (!needsText) return execute;
  return {
    type: 'Action.ShowCard',
    title: button.label,
    card: {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        {
          type: 'Input.Text',
          id: textInput,
          isMultiline: true,
          isRequired: true,
          label: button.label,
          errorMessage: 'Write the text to send first.',
        },
      ],
      actions: [{ ...execute, title: 'Send' }],
    },
  };
}

/**
 * The message as markdown, for answers that cannot carry a card or mentions (a task module's message): title in
 * bold, text, then `name: value` lines, everyone named in bold.
 */
export function markdownOf(message: NeutralMessage, extraNames: MentionNames = {}): string {
  return markdownWith(message, new TeamsPeople({ people: message.people, notify: [] }, extraNames));
}

function markdownWith(message: NeutralMessage, people: TeamsPeople): string {
  const lines: string[] = [];
  if (message.title) lines.push(`**${message.title}**`);
  if (message.text) lines.push(people.write(message.text));
  for (const field of message.fields) lines.push(`${field.name}: ${people.write(field.value)}`);
  return lines.join('\n\n');
}

/** Neutral mentions (`<@teams:abc>`) become display names in bold; no one is notified. */
export function withNames(text: string, names: MentionNames): string {
  return new TeamsPeople({ people: {}, notify: [] }, names).write(text);
}

const PLATFORM_USERS: Readonly<Record<string, string>> = {
  discord: 'a Discord user',
  teams: 'a Teams user',
  api: 'the API',
};

/**
 * Writes the people a message mentions: those it notifies who are on Teams as Teams mentions (`<at>Name</at>`,
 * collected in `mentions`), everyone else by display name in bold. A name is reduced to plain text first, so
 * it can neither close the at-tag nor start markdown; a person without a known name is named by platform,
 * never by id.
 */
class TeamsPeople {
  readonly mentions: TeamsMention[] = [];
  private readonly names: MentionNames;
  private readonly notified: ReadonlySet<string>;

  constructor(message: Pick<NeutralMessage, 'people' | 'notify'>, extraNames: MentionNames) {
    this.names = { ...message.people, ...extraNames };
    this.notified = new Set(message.notify ?? []);
  }

  write(text: string): string {
    return replaceMentions(text, (id) => this.person(id));
  }

  private person(participantId: string): string {
    const platform = participantId.slice(0, participantId.indexOf(':'));
    const name = plainName(this.names[participantId] ?? '');
    if (!name) return PLATFORM_USERS[platform] ?? 'someone';
    if (platform !== 'teams' || !this.notified.has(participantId)) return `**${name}**`;
    const text = `<at>${name}</at>`;
    const id = participantId.slice('teams:'.length);
    if (!this.mentions.some((each) => each.text === text && each.mentioned.id === id))
      this.mentions.push({ type: 'mention', text, mentioned: { id, name } });
    return text;
  }
}

/** A display name as plain text: no tag brackets, no markdown emphasis, links or code, one line. */
function plainName(name: string): string {
  return name
    .replace(/[<>*_~`|\\[\]]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Display names of the incident's people, for mentions (the domain keeps the list). */
export const namesIn = participantNames;
