import { IncidentError } from '../errors.js';
import type { Participant } from '../model/participant.js';
import type { AssignableRole } from '../model/role.js';
import type { Command } from './command.js';

/**
 * What a button does, typed: its kind and its arguments. The incident is the one its message is about. A
 * button never carries command text: pressing it builds its `Command` (`commandOfButton`), the same value a
 * typed command parses into, so a button cannot mean what its words would mean re-read in another order.
 */
export type ButtonIntent =
  | { readonly kind: 'take_role'; readonly role: AssignableRole }
  | {
      readonly kind: 'hand_over_role';
      readonly role: AssignableRole;
      /** Who is to hold the role (their name travels with them); null: whoever presses. */
      readonly to: Participant | null;
      /** The press is the confirmation that moving a held role asks for (`lead @Bob --confirm`). */
      readonly confirm: boolean;
    }
  | { readonly kind: 'post_update' }
  | { readonly kind: 'write_summary' }
  | { readonly kind: 'describe_impact' }
  | { readonly kind: 'resolve' }
  | { readonly kind: 'snooze'; readonly minutes: number }
  | { readonly kind: 'cancel_scheduled_update'; readonly id: number }
  | { readonly kind: 'approve_draft'; readonly id: number }
  | { readonly kind: 'components_operational' }
  | { readonly kind: 'publish_write_up' };

export type ButtonKind = ButtonIntent['kind'];

/** Every kind of button there is, for connectors and tests that must handle each one. */
export const BUTTON_KINDS = [
  'take_role',
  'hand_over_role',
  'post_update',
  'write_summary',
  'describe_impact',
  'resolve',
  'snooze',
  'cancel_scheduled_update',
  'approve_draft',
  'components_operational',
  'publish_write_up',
] as const satisfies readonly ButtonKind[];

/** The buttons that ask for text first: connectors open a form, and the press carries what was typed. */
const NEEDS_TEXT: ReadonlySet<ButtonKind> = new Set(['post_update', 'write_summary', 'describe_impact']);

export const buttonNeedsText = (intent: ButtonIntent): boolean => NEEDS_TEXT.has(intent.kind);

/**
 * The command a pressed button runs on incident `ref`; `text` is what its form asked for. A button that needs
 * text refuses to run without it.
 */
export function commandOfButton(intent: ButtonIntent, ref: string, text: string | null): Command {
  const typed = text?.trim() ?? '';
  if (buttonNeedsText(intent) && !typed)
    throw IncidentError.invalid('text', 'Write the text first: this button sends what you type.');
  switch (intent.kind) {
    case 'take_role':
      return { kind: 'role', ref, role: intent.role, user: null };
    case 'hand_over_role':
      return { kind: 'role', ref, role: intent.role, user: intent.to?.id ?? null, confirm: intent.confirm };
    case 'post_update':
      return { kind: 'update', ref, body: typed };
    case 'write_summary':
      return { kind: 'summary', ref, text: typed };
    case 'describe_impact':
      return { kind: 'impact', ref, text: typed };
    case 'resolve':
      return { kind: 'resolve', ref };
    case 'snooze':
      return {
        kind: 'snooze',
        ref,
        until: { kind: 'in', milliseconds: intent.minutes * 60_000, text: `${intent.minutes}m` },
      };
    case 'cancel_scheduled_update':
      return { kind: 'cancel_update', id: intent.id };
    case 'approve_draft':
      return { kind: 'approve', draftId: intent.id };
    case 'components_operational':
      return { kind: 'components_operational', ref };
    case 'publish_write_up':
      return { kind: 'publish', ref, confirm: true };
  }
}
