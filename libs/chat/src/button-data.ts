import {
  type ButtonIntent,
  type Command,
  commandOfButton,
  IncidentError,
  isAssignableRole,
  isParticipantId,
  parseRef,
  type Participant,
} from '@firebreak/incident';

/**
 * A button as a platform carries it and sends it back when pressed (a Discord `custom_id`, the data of a Teams
 * card action): `fb:<kind>:<incident>[:<argument>…]`, e.g. `fb:snooze:INC-3:30` or
 * `fb:hand_over_role:INC-3:lead:confirm:discord:42`. Encoded and decoded here only; each argument is checked
 * on the way back, because anyone can send a platform any data.
 */
export type ButtonData = string;

/** What a pressed button is: what it does, on which incident. */
export interface PressedButton {
  readonly intent: ButtonIntent;
  readonly ref: string;
}

const PREFIX = 'fb';

/** Discord's limit on a custom_id; the only variable-length part, a person's name, is cut to fit it. */
const MAX_LENGTH = 100;

export function encodeButton(intent: ButtonIntent, ref: string): ButtonData {
  const data = [PREFIX, intent.kind, ref, ...argumentsOf(intent)].join(':');
  if (intent.kind !== 'hand_over_role' || !intent.to) return data;
  // The participant id goes last (it has colons of its own: `teams:29:abc`), after the name it is shown by.
  const budget = MAX_LENGTH - data.length - intent.to.id.length - 2;
  return `${data}:${nameWithin(intent.to.displayName, budget)}:${intent.to.id}`;
}

/** The display name, percent-encoded (no colons), cut by whole characters to at most `budget` characters. */
function nameWithin(name: string, budget: number): string {
  const characters = [...name];
  for (let kept = characters.length; kept > 0; kept -= 1) {
    const encoded = encodeURIComponent(characters.slice(0, kept).join(''));
    if (encoded.length <= budget) return encoded;
  }
  return '';
}

function argumentsOf(intent: ButtonIntent): string[] {
  switch (intent.kind) {
    case 'take_role':
      return [intent.role];
    case 'hand_over_role':
      return [intent.role, intent.confirm ? 'confirm' : 'ask'];
    case 'snooze':
      return [String(intent.minutes)];
    case 'cancel_scheduled_update':
    case 'approve_draft':
      return [String(intent.id)];
    default:
      return [];
  }
}

/** The buttons of cards posted before buttons were typed (`fb:lead:INC-3`), read as what they meant. */
const EARLIER_BUTTONS: Readonly<Record<string, ButtonIntent>> = {
  lead: { kind: 'take_role', role: 'lead' },
  scribe: { kind: 'take_role', role: 'scribe' },
  comms: { kind: 'take_role', role: 'comms' },
  update: { kind: 'post_update' },
  summary: { kind: 'write_summary' },
  impact: { kind: 'describe_impact' },
  resolve: { kind: 'resolve' },
};

const MAX_SNOOZE_MINUTES = 24 * 60;

export function decodeButton(data: unknown): PressedButton {
  if (typeof data !== 'string' || data.length > 300) throw notOurs();
  const [prefix, kind, refText, ...rest] = data.split(':');
  const ref = refText === undefined ? null : parseRef(refText);
  if (prefix !== PREFIX || kind === undefined || ref === null) throw notOurs();
  const earlier = rest.length === 0 ? EARLIER_BUTTONS[kind] : undefined;
  if (earlier && Object.hasOwn(EARLIER_BUTTONS, kind)) return { intent: earlier, ref };
  return { intent: intentOf(kind, rest), ref };
}

function intentOf(kind: string, rest: readonly string[]): ButtonIntent {
  switch (kind) {
    case 'take_role':
      return { kind, role: roleOf(exactly(rest, 1)[0]!) };
    case 'hand_over_role':
      return handOverOf(rest);
    case 'snooze':
      return { kind, minutes: countOf(exactly(rest, 1)[0]!, MAX_SNOOZE_MINUTES) };
    case 'cancel_scheduled_update':
    case 'approve_draft':
      return { kind, id: countOf(exactly(rest, 1)[0]!, 999_999_999) };
    case 'post_update':
    case 'write_summary':
    case 'describe_impact':
    case 'resolve':
    case 'components_operational':
    case 'publish_write_up':
      exactly(rest, 0);
      return { kind };
    default:
      throw notOurs();
  }
}

function handOverOf(rest: readonly string[]): ButtonIntent {
  const [role, confirmation, name, ...id] = rest;
  if (confirmation !== 'confirm' && confirmation !== 'ask') throw notOurs();
  const to = name === undefined ? null : participantOf(id.join(':'), name);
  return { kind: 'hand_over_role', role: roleOf(role ?? ''), to, confirm: confirmation === 'confirm' };
}

function participantOf(id: string, encodedName: string): Participant {
  if (!isParticipantId(id)) throw notOurs();
  let name: string;
  try {
    name = decodeURIComponent(encodedName).trim();
  } catch {
    throw notOurs();
  }
  return { id, displayName: name || id };
}

function exactly(rest: readonly string[], count: number): readonly string[] {
  if (rest.length !== count) throw notOurs();
  return rest;
}

function roleOf(text: string) {
  if (!isAssignableRole(text)) throw notOurs();
  return text;
}

function countOf(text: string, max: number): number {
  const value = /^\d{1,9}$/.test(text) ? Number(text) : 0;
  if (value < 1 || value > max) throw notOurs();
  return value;
}

function notOurs(): IncidentError {
  return IncidentError.invalid(
    'button',
    'This button is not one of Firebreak’s, or it was changed on the way: run the command instead (`help`).',
  );
}

/** The command a pressed button runs, from the data the platform sent back and the text its form asked for. */
export function commandOfButtonData(data: unknown, text: string | null): Command {
  const { intent, ref } = decodeButton(data);
  return commandOfButton(intent, ref, text);
}

const TEXT_FORM_TITLES: Partial<Record<ButtonIntent['kind'], string>> = {
  post_update: 'Post a public update',
  write_summary: 'Write the summary',
  describe_impact: 'Describe the impact',
};

/** The title of the form a button that needs text opens. */
export const textFormTitle = (intent: ButtonIntent): string =>
  TEXT_FORM_TITLES[intent.kind] ?? 'Write the text';
