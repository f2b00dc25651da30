import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { Participant } from '../model/participant.js';
import { MAX_TEXT_LENGTH } from '../model/typed-text.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { REVIEW_SECTIONS } from '../review/review.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import { PROTOTYPE_WORDS } from '../testing/prototype-words.js';
import { fastestRunMs } from '../testing/running-time.js';
import type { Command } from './command.js';
import { COMMAND_WORDS, helpText } from './command-help.js';
import { parseCommand } from './command-parser.js';
import { IncidentService } from './incident-service.js';

/** Far above the fraction of a millisecond a linear parse of 4,000 characters takes. */
const PARSE_BUDGET_MS = 10;

/** Every way into the command language: each command word, its aliases and its sub-commands. */
const COMMAND_PREFIXES = [
  ...COMMAND_WORDS,
  'severity',
  '/incident update',
  ...Object.keys(REVIEW_SECTIONS).map((section) => `review ${section}`),
  'review schedule',
  'update --draft',
  'update --now',
  'update --at',
  'update --in',
  'update template',
  'cancel update',
  'close --override',
  'publish confirm',
  'components operational',
];

const WORDS = [
  'due',
  'due 2026-12-01',
  '2026-02-30',
  'at',
  'at 11:45',
  'at 11:45 Europe/London',
  'in',
  'in 30m',
  '1h30m',
  '11:45',
  '2026-12-01T10:00Z',
  'INC-1',
  'inc-99999999999',
  '<@discord:42>',
  '<@teams:29:abc>',
  '<@!123>',
  '<@',
  '<@discord:',
  '>',
  'me',
  'template',
  '--draft',
  '--now',
  '--at',
  '--in',
  '--at 11:45',
  '--in 30m',
  '45 minutes',
  'UTC+1',
  'override',
  '--override',
  'confirm',
  'operational',
  'major_outage',
  '#12',
  ...PROTOTYPE_WORDS,
  'undefined',
  'Zoë',
  'Ångström',
  'São Paulo',
  'Łódź',
  'İstanbul',
  '🔥',
  '👩🏽‍💻',
  '🇪🇺',
  '## Summary',
  '_draft_',
  '|',
  '`',
];
const BLANKS = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\u3000', ' '.repeat(40)];

const piece = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.constantFrom(...BLANKS),
  fc.string({ unit: 'grapheme', maxLength: 16 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

/** Many short pieces (words, whitespace of every kind, unicode) run together, up to the length limit. */
const mixedText = fc
  .array(piece, { maxLength: 400 })
  .map((pieces) => pieces.join('').slice(0, MAX_TEXT_LENGTH));

/** One shape repeated to any length up to the limit: many words, many spaces, `due due due…`, `<@<@<@…`. */
const repeatedText = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: MAX_TEXT_LENGTH }))
  .map(([pieces, length]) => {
    const unit = pieces.join('') || ' ';
    return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  });

/** Ordinary prose of the longest legal length, ending like a scheduled update. */
const longUpdate = fc.constantFrom(
  `${'Checkout errors are back to normal after the rollback, we keep watching. '.repeat(60)}`.slice(0, 3990) +
    ' at 11:45',
  `${'word '.repeat(800)}`.trim(),
  `${' '.repeat(3998)}x`,
  'due '.repeat(1000).trim(),
  'at 11:45 '.repeat(444).trim(),
  '1'.repeat(MAX_TEXT_LENGTH),
  '1m'.repeat(2000),
  '<@'.repeat(2000),
);

const text = fc.oneof(mixedText, repeatedText, longUpdate);
const commandLine = fc
  .tuple(
    fc.constantFrom(...COMMAND_PREFIXES),
    fc.constantFrom('', ' INC-1', ' inc-2'),
    fc.constantFrom(' ', '\n'),
    text,
  )
  .map(([prefix, ref, blank, rest]) => `${prefix}${ref}${blank}${rest}`);
const anyLine = fc.oneof(commandLine, text);

type Outcome = Command | IncidentError;

function outcomeOf(input: string): Outcome {
  try {
    const command = parseCommand(input);
    if (command.kind === 'help') helpText(command.topic);
    return command;
  } catch (error) {
    if (error instanceof IncidentError) return error;
    throw error;
  }
}

/** A refusal a person can act on: a known code and a sentence that names nothing the user did not type. */
function expectClearRefusal(error: IncidentError, input: string): void {
  expect(Object.values(IncidentErrorCode)).toContain(error.code);
  expectReadable(error.message, input);
}

function expectReadable(message: string, input: string): void {
  expect(message.trim().length).toBeGreaterThan(0);
  for (const leak of ['undefined', '[object', 'NaN', 'function ', 'Infinity'])
    if (!input.includes(leak)) expect(message).not.toContain(leak);
}

/** Free text the command carries, which must be the user's own, as typed. */
function freeTextOf(command: Command): string | null {
  switch (command.kind) {
    case 'declare':
      return command.title;
    case 'summary':
    case 'impact':
    case 'action':
    case 'note':
    case 'review':
      return command.text;
    case 'update':
      return command.body;
    case 'close':
      return command.override;
    default:
      return null;
  }
}

describe('the command language', () => {
  it('parses every command with texts up to the length limit in milliseconds', () => {
    fc.assert(
      fc.property(commandLine, (input) => {
        expect(fastestRunMs(() => outcomeOf(input), PARSE_BUDGET_MS)).toBeLessThan(PARSE_BUDGET_MS);
      }),
      { numRuns: 400 },
    );
  });

  it('answers any text with a command or a clear refusal, never another error', () => {
    fc.assert(
      fc.property(anyLine, (input) => {
        const outcome = outcomeOf(input);
        if (outcome instanceof IncidentError) return expectClearRefusal(outcome, input);
        const free = freeTextOf(outcome);
        if (free === null) return;
        expect(input).toContain(free);
        expect(free).toBe(free.trim());
      }),
      { numRuns: 1000 },
    );
  });

  it('answers through the incident service with a reply or a clear refusal, never a crash', async () => {
    const service = await serviceWithIncidents();
    await fc.assert(
      fc.asyncProperty(anyLine, async (input) => {
        const reply = await service.run(input, context).then(
          (result) => result.message.text,
          (error: unknown) => error,
        );
        if (typeof reply === 'string') return expectReadable(reply, input);
        expect(reply).toBeInstanceOf(IncidentError);
        expectClearRefusal(reply as IncidentError, input);
      }),
      { numRuns: 300 },
    );
  });

  it('knows no update template named after an object-prototype word', async () => {
    const service = await serviceWithIncidents();
    for (const word of PROTOTYPE_WORDS) {
      await expect(service.run(`update INC-1 template ${word}`, context)).rejects.toThrow(
        `There is no update template "${word.toLowerCase()}"`,
      );
    }
  });
});

const lead: Participant = { id: 'discord:7', displayName: 'Zoë Ångström 🔥' };
const context = { actor: lead, location: null, privileged: true };

async function serviceWithIncidents(): Promise<IncidentService> {
  const service = new IncidentService(
    new InMemoryUnitOfWork(),
    new FixedClock(new Date('2026-03-01T10:00:00.000Z')),
  );
  await service.run('declare Checkout errors in São Paulo', context);
  await service.run('declare Queue backlog', context);
  return service;
}
