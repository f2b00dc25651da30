import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseCommand, parseSeverity } from '../commands/command-parser.js';
import { IncidentError } from '../errors.js';
import { SEVERITIES } from './severity.js';
import { fastestRunMs } from '../testing/running-time.js';
import {
  ACCEPTED_TIMES,
  parseDelay,
  parseDueDate,
  parseTime,
  resolveTime,
  type RequestedTime,
} from './requested-time.js';

const UNIT_MS = {
  m: 60_000,
  min: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  days: 86_400_000,
} as const;
type Unit = keyof typeof UNIT_MS;
const NO_LIMIT = { maxAheadMs: Number.MAX_SAFE_INTEGER, refusal: 'Times can be given' };
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        '1',
        '30',
        'm',
        'min',
        'h',
        'd',
        ' ',
        'x',
        ':',
        '-',
        'am',
        'pm',
        'T',
        'Z',
        'in',
        'at',
        'UTC',
        '+',
        '/',
        'Europe/London',
        '2026-12-01',
      ),
      { maxLength: 12 },
    )
    .map((pieces) => pieces.join('')),
);

/** The parser's answer: its value, or the refusal it gave. Any other error fails the spec. */
function answerOf<T>(parse: () => T): T | IncidentError {
  try {
    return parse();
  } catch (error) {
    if (error instanceof IncidentError) return error;
    throw error;
  }
}

const two = (value: number) => String(value).padStart(2, '0');

/** A time as people write it, with what it must mean. */
interface WrittenTime {
  readonly text: string;
  readonly date: string | null;
  readonly hour: number;
  readonly minute: number;
  readonly zone: string;
}

const zones = fc.constantFrom(
  { written: '', zone: 'UTC' },
  { written: ' UTC', zone: 'UTC' },
  { written: ' gmt', zone: 'UTC' },
  { written: ' Europe/London', zone: 'Europe/London' },
  { written: ' America/New_York', zone: 'America/New_York' },
  { written: ' Asia/Kolkata', zone: 'Asia/Kolkata' },
  { written: ' UTC+1', zone: 'UTC+1' },
  { written: ' UTC-05:30', zone: 'UTC-5:30' },
);
const days = fc
  .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const clocks = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.boolean())
    .map(([hour, minute, padded]) => ({
      text: `${padded ? two(hour) : hour}:${two(minute)}`,
      hour,
      minute,
    })),
  fc
    .tuple(
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 0, max: 59 }),
      fc.boolean(),
      fc.constantFrom('am', 'pm', 'AM', 'Pm'),
    )
    .map(([hour, minute, withMinutes, meridiem]) => ({
      text: `${hour}${withMinutes ? `:${two(minute)}` : ''}${meridiem}`,
      hour: (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0),
      minute: withMinutes ? minute : 0,
    })),
);
const writtenTimes: fc.Arbitrary<WrittenTime> = fc.oneof(
  fc.tuple(fc.option(days), clocks, zones).map(([date, clock, zone]) => ({
    text: `${date ? `${date} ` : ''}${clock.text}${zone.written}`,
    date,
    hour: clock.hour,
    minute: clock.minute,
    zone: zone.zone,
  })),
  fc
    .tuple(
      days,
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
      fc.constantFrom(
        { written: 'Z', zone: 'UTC' },
        { written: '+02:00', zone: 'UTC+2' },
        { written: '', zone: 'UTC' },
      ),
    )
    .map(([date, hour, minute, offset]) => ({
      text: `${date}T${two(hour)}:${two(minute)}${offset.written}`,
      date,
      hour,
      minute,
      zone: offset.zone,
    })),
);

const delayParts = fc.array(
  fc.tuple(
    fc.integer({ min: 0, max: 500 }),
    fc.constantFrom('', ' '),
    fc.constantFrom<Unit>('m', 'min', 'minutes', 'h', 'hours', 'd', 'days'),
  ),
  { minLength: 1, maxLength: 3 },
);
const delayTextOf = (parts: readonly (readonly [number, string, Unit])[]) =>
  parts.map(([count, gap, unit]) => `${count}${gap}${unit}`).join(' ');
const delayMsOf = (parts: readonly (readonly [number, string, Unit])[]) =>
  parts.reduce((sum, [count, , unit]) => sum + count * UNIT_MS[unit], 0);

/** Words an update is made of; none looks like an option, a zone or a delay, as real first words do not. */
const updateWords = fc.array(
  fc.constantFrom(
    'Checkout',
    'payments',
    'are',
    'recovering',
    'after',
    'the',
    'failover;',
    'Zoë’s',
    'team',
    '🔥',
    'at',
    'in',
    '11:45',
    'Next',
    'update',
    '5pm',
    'eu-west',
    '2',
    'regions.',
  ),
  { minLength: 1, maxLength: 30 },
);
const startsLikeTimeOrZone = (word: string) => /^(?:\d|at$|in$|utc|gmt|z$)/i.test(word) || word.includes('/');

describe('the time grammar', () => {
  it('reads every time of day, date, zone and ISO form as the moment it names', () => {
    fc.assert(
      fc.property(writtenTimes, fc.constantFrom('', 'at '), (written, at) => {
        expect(parseTime(`${at}${written.text}`)).toEqual({
          kind: 'at',
          date: written.date,
          hour: written.hour,
          minute: written.minute,
          zone: written.zone,
          text: `at ${written.text}`,
        });
      }),
    );
  });

  it('reads every delay, with or without `in`, as the sum of its parts', () => {
    fc.assert(
      fc.property(delayParts, fc.constantFrom('', 'in ', 'IN '), (parts, prefix) => {
        const text = delayTextOf(parts);
        const answer = answerOf(() => parseTime(`${prefix}${text}`));
        if (delayMsOf(parts) === 0) expect(answer).toBeInstanceOf(IncidentError);
        else expect(answer).toEqual({ kind: 'in', milliseconds: delayMsOf(parts), text: `in ${text}` });
        if (delayMsOf(parts) > 0) expect(parseDelay(text).milliseconds).toBe(delayMsOf(parts));
      }),
    );
  });

  it('answers any text with a time or the one refusal that lists the accepted forms', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const answer = answerOf(() => parseTime(text));
        if (answer instanceof IncidentError) {
          expect(answer.field).toBe('time');
          if (answer.message !== 'The delay must be longer than zero.')
            expect(answer.message).toContain(ACCEPTED_TIMES);
        } else {
          expect(['at', 'in']).toContain(answer.kind);
        }
      }),
    );
  });

  it('takes the same forms, and gives the same refusals, in `review schedule`, `update --at` and `snooze`', () => {
    const forms = fc.oneof(
      writtenTimes.map((written) => written.text),
      delayParts.map((parts) => `in ${delayTextOf(parts)}`),
      anyText.filter((text) => text.trim() !== '' && !text.trim().startsWith('--')),
    );
    fc.assert(
      fc.property(forms, (time) => {
        const review = answerOf(() => parseCommand(`review INC-1 schedule ${time}`));
        const update = answerOf(() =>
          parseCommand(`update INC-1 --at ${time} We are failing over to the standby region.`),
        );
        const snooze = answerOf(() => parseCommand(`snooze INC-1 ${time}`));
        if (review instanceof IncidentError) {
          expect(snooze).toEqual(review);
          return;
        }
        const when = (review as { when: RequestedTime }).when;
        expect(snooze).toMatchObject({ kind: 'snooze', until: when });
        // In an update the time is followed by the text, so a stray word after it starts the text instead.
        expect(update).toMatchObject({ kind: 'update_later', when });
      }),
    );
  });

  it('refuses times of day that do not exist, zones that do not, and words that are not times', () => {
    const refusals: [string, string][] = [
      ['25:00', '25:00 is not a time of day'],
      ['14', 'write the minutes too (14:00) or am/pm (2pm)'],
      ['13pm', '13pm is not a time of day'],
      ['14:30 Mars/Phobos', '"Mars/Phobos" is not a time zone'],
      ['2026-02-30 10:00', '2026-02-30 is not a date'],
      ['tomorrow', '"tomorrow" is not a time.'],
      ['14:30 sharp', '"sharp" is not part of a time'],
      ['in 30x', '"30x" is not a delay'],
      ['in 0m', 'The delay must be longer than zero.'],
    ];
    for (const [text, expected] of refusals) expect(() => parseTime(text)).toThrow(expected);
  });

  it('resolves a time of day to its next occurrence in its zone, and a delay from now', () => {
    const now = new Date('2026-03-29T23:50:00.000Z');
    fc.assert(
      fc.property(
        writtenTimes.filter((written) => written.date === null),
        (written) => {
          const instant = resolveTime(parseTime(written.text), now, NO_LIMIT);
          const local = DateTime.fromJSDate(instant, { zone: written.zone });
          expect([local.hour, local.minute]).toEqual([written.hour, written.minute]);
          expect(instant.getTime()).toBeGreaterThan(now.getTime());
          expect(instant.getTime() - now.getTime()).toBeLessThanOrEqual(25 * 3_600_000);
        },
      ),
    );
    expect(resolveTime(parseTime('in 1h30m'), now, NO_LIMIT).toISOString()).toBe('2026-03-30T01:20:00.000Z');
    // London moves to BST (UTC+1) on 29 March 2026.
    expect(resolveTime(parseTime('2026-03-30 14:30 Europe/London'), now, NO_LIMIT).toISOString()).toBe(
      '2026-03-30T13:30:00.000Z',
    );
  });

  it('refuses a dated time already past, and one beyond the limit, saying which', () => {
    const now = new Date('2026-03-01T10:00:00.000Z');
    const limit = { maxAheadMs: 86_400_000, refusal: 'Reminders can be snoozed' };
    expect(() => resolveTime(parseTime('2026-03-01 09:59'), now, limit)).toThrow(
      '2026-03-01 09:59 is in the past (it is now 2026-03-01 10:00 UTC). Give a future time.',
    );
    expect(() => resolveTime(parseTime('in 25h'), now, limit)).toThrow(
      'Reminders can be snoozed at most a day ahead.',
    );
  });

  it('reads 4,000-character lines of digits, delays and times in linear time', () => {
    const texts = [
      '1'.repeat(4_000),
      '1m'.repeat(2_000),
      `${'1 '.repeat(2_000)}x`,
      `in ${'1h '.repeat(1_300)}`,
      `${'11:45 '.repeat(666)}`,
      `2026-12-01T10:00${':00'.repeat(1_300)}`,
    ];
    for (const text of texts)
      expect(fastestRunMs(() => answerOf(() => parseTime(text)), 20)).toBeLessThan(20);
    const update = `update --in 30m ${'at 11:45 '.repeat(440)}`;
    expect(fastestRunMs(() => parseCommand(update), 20)).toBeLessThan(20);
  });
});

describe('a public update', () => {
  it('publishes any text now, whatever its last words, unless --at or --in comes first', () => {
    const endings = fc.constantFrom(
      '',
      ' Next update at 11:45',
      ' at 5pm',
      ' in 30 minutes',
      ' in 30m',
      ' at 14:30 Europe/London',
    );
    fc.assert(
      fc.property(updateWords, endings, (words, ending) => {
        fc.pre(words[0] !== 'update' || words.length > 1);
        fc.pre(!startsLikeTimeOrZone(words[0]!) && words[0]!.toLowerCase() !== 'template');
        const text = `${words.join(' ')}${ending}`;
        expect(parseCommand(`update INC-1 ${text}`)).toEqual({ kind: 'update', ref: 'INC-1', body: text });
      }),
    );
  });

  it('schedules the text after `--at <time>` or `--in <delay>`, keeping it as typed', () => {
    const schedule = fc.oneof(
      writtenTimes.map((written) => ({
        option: `--at ${written.text}`,
        when: { kind: 'at', hour: written.hour },
      })),
      delayParts
        .filter((parts) => delayMsOf(parts) > 0)
        .map((parts) => ({
          option: `--in ${delayTextOf(parts)}`,
          when: { kind: 'in', milliseconds: delayMsOf(parts) },
        })),
    );
    fc.assert(
      fc.property(schedule, updateWords, fc.constantFrom(' ', '\n', '  '), (time, words, gap) => {
        fc.pre(!startsLikeTimeOrZone(words[0]!) && words[0]!.toLowerCase() !== 'template');
        const text = words.join(' ');
        expect(parseCommand(`update INC-1 ${time.option}${gap}${text}`)).toMatchObject({
          kind: 'update_later',
          ref: 'INC-1',
          body: { kind: 'text', text },
          when: time.when,
        });
      }),
    );
  });
});

describe(parseDueDate.name, () => {
  const day = fc.date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('9999-12-31T00:00:00Z'),
    noInvalidDate: true,
  });

  it('reads every real YYYY-MM-DD as that day’s end, UTC, also in a follow-up', () => {
    fc.assert(
      fc.property(day, (date) => {
        const text = date.toISOString().slice(0, 10);
        expect(parseDueDate(text).toISOString()).toBe(`${text}T23:59:59.000Z`);
        expect(parseCommand(`followup INC-1 Add alerts due ${text}`)).toMatchObject({
          dueAt: parseDueDate(text),
        });
      }),
    );
  });

  it('refuses anything else with the format to use', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const due = answerOf(() => parseDueDate(text));
        if (due instanceof IncidentError) expect(due.message).toContain('Write it as YYYY-MM-DD');
      }),
    );
    expect(() => parseDueDate('2026-02-30')).toThrow('"2026-02-30" is not a date');
  });
});

describe(parseSeverity.name, () => {
  it('reads each severity and alias in any case and refuses every other word with the choices', () => {
    const aliases = ['crit', 'high', 'sev1', 'medium', 'sev2', 'low', 'trivial', 'sev3'];
    fc.assert(
      fc.property(fc.constantFrom(...SEVERITIES, ...aliases), fc.boolean(), (word, upper) => {
        expect(SEVERITIES).toContain(parseSeverity(upper ? word.toUpperCase() : word));
      }),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        const answer = answerOf(() => parseSeverity(text));
        if (answer instanceof IncidentError)
          expect(answer.message).toContain('Choose one of: critical, major, minor.');
        else expect([...SEVERITIES, ...aliases]).toContain(text.trim().toLowerCase());
      }),
    );
  });
});
