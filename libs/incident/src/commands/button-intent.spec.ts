import { describe, expect, it } from 'vitest';
import { IncidentError } from '../errors.js';
import { BUTTON_KINDS, buttonNeedsText, commandOfButton, type ButtonIntent } from './button-intent.js';

describe(commandOfButton.name, () => {
  it('takes a role for whoever presses', () => {
    expect(commandOfButton({ kind: 'take_role', role: 'scribe' }, 'INC-2', null)).toEqual({
      kind: 'role',
      ref: 'INC-2',
      role: 'scribe',
      user: null,
    });
  });

  it('hands a role over as the question asked: to a named person, confirmed or not', () => {
    const transfer: ButtonIntent = {
      kind: 'hand_over_role',
      role: 'lead',
      to: { id: 'discord:42', displayName: 'Zoë' },
      confirm: true,
    };
    expect(commandOfButton(transfer, 'INC-2', null)).toEqual({
      kind: 'role',
      ref: 'INC-2',
      role: 'lead',
      user: 'discord:42',
      confirm: true,
    });
    const takeOver: ButtonIntent = { kind: 'hand_over_role', role: 'comms', to: null, confirm: true };
    expect(commandOfButton(takeOver, 'INC-2', null)).toMatchObject({ user: null, confirm: true });
  });

  it('sends the typed text of the buttons that ask for it, trimmed, and refuses them without text', () => {
    expect(commandOfButton({ kind: 'write_summary' }, 'INC-2', ' Replica lag after failover. ')).toEqual({
      kind: 'summary',
      ref: 'INC-2',
      text: 'Replica lag after failover.',
    });
    expect(() => commandOfButton({ kind: 'post_update' }, 'INC-2', '')).toThrow(IncidentError);
  });

  it('knows which kinds ask for text', () => {
    const asking = BUTTON_KINDS.filter((kind) => buttonNeedsText({ kind } as ButtonIntent));
    expect(asking).toEqual(['post_update', 'write_summary', 'describe_impact']);
  });
});
