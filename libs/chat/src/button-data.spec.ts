import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASSIGNABLE_ROLES,
  BUTTON_KINDS,
  IncidentError,
  type ButtonIntent,
  type ButtonKind,
} from '@firebreak/incident';
import { commandOfButtonData, decodeButton, encodeButton } from './button-data.js';

const role = fc.constantFrom(...ASSIGNABLE_ROLES);
const id = fc.integer({ min: 1, max: 999_999_999 });
const participantId = fc.oneof(
  fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n }).map((n) => `discord:${n}`),
  fc.uuid().map((uuid) => `teams:${uuid}`),
  fc.constant('teams:29:1AbC-dEf_Gh'),
);

/** One generator per kind: a kind missing here does not compile. */
const INTENTS: { readonly [K in ButtonKind]: fc.Arbitrary<Extract<ButtonIntent, { kind: K }>> } = {
  take_role: role.map((r) => ({ kind: 'take_role', role: r })),
  hand_over_role: fc.record({
    kind: fc.constant('hand_over_role'),
    role,
    to: fc.option(
      fc.record({
        id: participantId,
        displayName: fc.oneof(
          fc.constantFrom('Zoë Çelik', 'Bob Ñúñez', 'Eli 🚒', 'O’Brien: on call'),
          fc
            .string({ minLength: 1, maxLength: 12 })
            .map((name) => name.trim())
            .filter((name) => name.length > 0),
        ),
      }),
      { nil: null },
    ),
    confirm: fc.boolean(),
  }),
  post_update: fc.constant({ kind: 'post_update' }),
  write_summary: fc.constant({ kind: 'write_summary' }),
  describe_impact: fc.constant({ kind: 'describe_impact' }),
  resolve: fc.constant({ kind: 'resolve' }),
  snooze: fc.integer({ min: 1, max: 1440 }).map((minutes) => ({ kind: 'snooze', minutes })),
  cancel_scheduled_update: id.map((n) => ({ kind: 'cancel_scheduled_update', id: n })),
  approve_draft: id.map((n) => ({ kind: 'approve_draft', id: n })),
  components_operational: fc.constant({ kind: 'components_operational' }),
  publish_write_up: fc.constant({ kind: 'publish_write_up' }),
};
const anyIntent = fc.oneof(...BUTTON_KINDS.map((kind) => INTENTS[kind] as fc.Arbitrary<ButtonIntent>));
const ref = fc.integer({ min: 1, max: 999_999_999 }).map((n) => `INC-${n}`);

function refusal(data: unknown): IncidentError {
  try {
    decodeButton(data);
  } catch (error) {
    if (error instanceof IncidentError) return error;
    throw error;
  }
  throw new Error(`${String(data)} was decoded`);
}

describe(decodeButton.name, () => {
  it('decodes every button it encodes back to the same intent and incident', () => {
    fc.assert(
      fc.property(anyIntent, ref, (intent, incident) => {
        const decoded = decodeButton(encodeButton(intent, incident));
        expect(decoded.ref).toBe(incident);
        if (intent.kind !== 'hand_over_role' || !intent.to) {
          expect(decoded.intent).toEqual(intent);
          return;
        }
        // A name too long for Discord's custom_id is cut: the person is the same, shown by the name's start.
        const { to, ...rest } = intent;
        expect(decoded.intent).toMatchObject({ ...rest, to: { id: to.id } });
        const shown = decoded.intent.kind === 'hand_over_role' ? decoded.intent.to!.displayName : '';
        expect(to.displayName.startsWith(shown) || shown === to.id).toBe(true);
      }),
    );
  });

  it('keeps every button within Discord’s 100-character custom_id', () => {
    fc.assert(
      fc.property(anyIntent, ref, (intent, incident) => {
        expect(encodeButton(intent, incident).length).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('cuts a long name to fit, by whole characters, and keeps who it is', () => {
    const to = { id: 'discord:157736038175879987', displayName: `Zoë ${'🔥'.repeat(40)} Çelik` };
    const data = encodeButton({ kind: 'hand_over_role', role: 'lead', to, confirm: false }, 'INC-123456');
    expect(data.length).toBeLessThanOrEqual(100);
    const { intent } = decodeButton(data);
    expect(intent).toMatchObject({ kind: 'hand_over_role', to: { id: to.id } });
    const shown = intent.kind === 'hand_over_role' ? intent.to!.displayName : '';
    expect(to.displayName.startsWith(shown)).toBe(true);
    expect(shown.startsWith('Zoë 🔥')).toBe(true);
  });

  it('reads the buttons of cards posted before buttons were typed', () => {
    expect(decodeButton('fb:lead:INC-3')).toEqual({
      intent: { kind: 'take_role', role: 'lead' },
      ref: 'INC-3',
    });
    expect(decodeButton('fb:update:INC-3')).toEqual({ intent: { kind: 'post_update' }, ref: 'INC-3' });
    expect(decodeButton('fb:resolve:INC-3')).toEqual({ intent: { kind: 'resolve' }, ref: 'INC-3' });
  });

  it('refuses forged or damaged data with one clear error', () => {
    for (const forged of [
      undefined,
      42,
      '',
      'ack:INC-2',
      'fb:declare',
      'fb:lead:nope',
      'fb:reopen:INC-2',
      'fb:take_role:INC-2:reporter',
      'fb:take_role:INC-2',
      'fb:snooze:INC-2:0',
      'fb:snooze:INC-2:1441',
      'fb:snooze:INC-2:30m',
      'fb:approve_draft:INC-2:-1',
      'fb:cancel_scheduled_update:INC-2:1:2',
      'fb:resolve:INC-2:now',
      'fb:hand_over_role:INC-2:lead:maybe:Bob:discord:1',
      'fb:hand_over_role:INC-2:lead:confirm:Bob:someone',
      'fb:hand_over_role:INC-2:lead:ask:%E0%A4%A:discord:1',
      'fb:toString:INC-2',
      'fb:constructor:INC-2',
      `fb:resolve:INC-2${':x'.repeat(200)}`,
    ]) {
      const error = refusal(forged);
      expect(error.field).toBe('button');
      expect(error.message).toContain('not one of Firebreak’s');
    }
  });

  it('either decodes or refuses with an IncidentError, whatever arrives', () => {
    const pieces = fc.constantFrom(
      'fb',
      'take_role',
      'snooze',
      'INC-1',
      'lead',
      'confirm',
      'discord',
      '30',
      ':',
      '',
    );
    const data = fc.oneof(
      fc.string(),
      fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join(':')),
    );
    fc.assert(
      fc.property(data, (text) => {
        try {
          expect(BUTTON_KINDS).toContain(decodeButton(text).intent.kind);
        } catch (error) {
          expect(error).toBeInstanceOf(IncidentError);
        }
      }),
    );
  });
});

describe(commandOfButtonData.name, () => {
  it('builds the typed command of each of the buttons that failed when their words were re-read', () => {
    expect(commandOfButtonData('fb:snooze:INC-1:30', null)).toEqual({
      kind: 'snooze',
      ref: 'INC-1',
      until: { kind: 'in', milliseconds: 1_800_000, text: '30m' },
    });
    expect(commandOfButtonData('fb:components_operational:INC-1', null)).toEqual({
      kind: 'components_operational',
      ref: 'INC-1',
    });
    expect(commandOfButtonData('fb:cancel_scheduled_update:INC-1:2', null)).toEqual({
      kind: 'cancel_update',
      id: 2,
    });
    expect(commandOfButtonData('fb:approve_draft:INC-1:3', null)).toEqual({ kind: 'approve', draftId: 3 });
  });

  it('publishes typed text exactly as written, even when it ends like a time', () => {
    const body = 'Payments recover in São Paulo as the certificate is renewed. Next update at 11:45';
    expect(commandOfButtonData('fb:post_update:INC-4', `  ${body} `)).toEqual({
      kind: 'update',
      ref: 'INC-4',
      body,
    });
  });

  it('refuses a button that needs text when none was typed', () => {
    expect(() => commandOfButtonData('fb:write_summary:INC-4', '  ')).toThrow(IncidentError);
    expect(() => commandOfButtonData('fb:describe_impact:INC-4', null)).toThrow('Write the text first');
  });
});
