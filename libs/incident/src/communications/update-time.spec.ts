import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand, parseDueDate, parseMeetingTime, parseSeverity } from '../commands/command-parser.js';
import { IncidentError } from '../errors.js';
import { SEVERITIES } from '../model/severity.js';
import { fastestRunMs } from '../testing/running-time.js';
import { parseAt, parseDuration, splitUpdateTime } from './update-time.js';

const UNIT_MS = { min: 60_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const blank = fc.constantFrom('', ' ', '  ', '\t');
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
        '2026-12-01',
      ),
      {
        maxLength: 12,
      },
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

describe(parseDuration.name, () => {
  it('adds up every part, whatever the spacing and case', () => {
    const part = fc.tuple(
      fc.integer({ min: 0, max: 500 }),
      blank,
      fc.constantFrom('min', 'm', 'h', 'd', 'M', 'H'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(part, blank), { minLength: 1, maxLength: 4 }), (parts) => {
        const text = parts.map(([[count, inner, unit], outer]) => `${count}${inner}${unit}${outer}`).join('');
        const total = parts.reduce(
          (sum, [[count, , unit]]) => sum + count * UNIT_MS[unit.toLowerCase() as keyof typeof UNIT_MS],
          0,
        );
        const answer = answerOf(() => parseDuration(text));
        if (total === 0) expect(answer).toBeInstanceOf(IncidentError);
        else expect(answer).toBe(total);
      }),
    );
  });

  it('answers any text with a duration or a refusal that quotes it', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const answer = answerOf(() => parseDuration(text));
        if (answer instanceof IncidentError) expect(answer.field).toBe('duration');
        else expect(answer).toBeGreaterThan(0);
      }),
    );
    expect(() => parseDuration('1 0m')).toThrow('"1 0m" is not a duration');
    expect(() => parseDuration('5mi')).toThrow('is not a duration');
  });

  it('reads 40,000 characters of digits or units in linear time', () => {
    for (const text of ['1'.repeat(40_000), '1m'.repeat(20_000), `${'1 '.repeat(20_000)}x`]) {
      expect(fastestRunMs(() => answerOf(() => parseDuration(text)), 50)).toBeLessThan(50);
    }
  });
});

describe('a scheduled update’s time', () => {
  const words = fc.array(
    fc.oneof(
      fc.constantFrom('Failover', 'done', 'Zoë', '🔥', 'at', 'in', '2', 'eu-west'),
      fc.string({ maxLength: 8 }),
    ),
    { minLength: 1, maxLength: 20 },
  );

  it('splits `<text> at HH:MM [zone]` and `<text> in <duration>` from the text, keeping the text as typed', () => {
    const time = fc.oneof(
      fc
        .tuple(
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: 0, max: 59 }),
          fc.constantFrom('', ' UTC', ' Europe/London'),
        )
        .map(([hour, minute, zone]) => ({
          text: `at ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}${zone}`,
          hour,
          minute,
        })),
      fc.integer({ min: 1, max: 600 }).map((minutes) => ({ text: `in ${minutes}m`, minutes })),
    );
    fc.assert(
      fc.property(words, fc.constantFrom(' ', '\n', '  '), time, (before, gap, when) => {
        const body = before.join(' ').trim();
        fc.pre(body !== '' && !/\s/.test(body.slice(-1)));
        const split = splitUpdateTime(`${body}${gap}${when.text}`);
        expect(split?.text).toBe(body.trim());
        if ('minutes' in when)
          expect(split?.when).toMatchObject({ kind: 'in', milliseconds: when.minutes * 60_000 });
        else expect(split?.when).toMatchObject({ kind: 'at', hour: when.hour, minute: when.minute });
      }),
    );
  });

  it('takes the last `at` or `in` and leaves text that does not end like a time alone', () => {
    expect(splitUpdateTime('Restart at 11:45 in 2 regions')).toBeNull();
    expect(splitUpdateTime('Restart at 11:45 then at 12:00')).toMatchObject({
      text: 'Restart at 11:45 then',
      when: { hour: 12, minute: 0 },
    });
    expect(splitUpdateTime('Fixed at the edge')).toBeNull();
  });

  it('answers any `at` time with a time or a refusal, never another error', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const answer = answerOf(() => parseAt(text));
        if (answer instanceof IncidentError) expect(answer.message).toContain('is not a time I can schedule');
        else expect(answer.kind).toBe('at');
      }),
    );
  });

  it('reads 4,000-character updates ending in `at 11:45`, `due` and `in` words in linear time', () => {
    const texts = [
      `${'at 11:45 '.repeat(444)}`,
      `${'word '.repeat(798)}at 11:45`,
      `${'in '.repeat(1_330)}30m`,
      `${' '.repeat(3_990)}x at 11:45`,
    ];
    for (const text of texts) expect(fastestRunMs(() => splitUpdateTime(text), 10)).toBeLessThan(10);
  });
});

describe('dates and times in commands', () => {
  const day = fc.date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('9999-12-31T00:00:00Z'),
    noInvalidDate: true,
  });

  it('reads every real YYYY-MM-DD as that day’s end, UTC', () => {
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

  it('reads every meeting time written YYYY-MM-DD HH:MM as that minute, UTC', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (date, hour, minute) => {
          const clock = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const text = `${date.toISOString().slice(0, 10)} ${clock}`;
          expect(parseMeetingTime(text).toISOString()).toBe(`${text.replace(' ', 'T')}:00.000Z`);
        },
      ),
    );
  });

  it('refuses anything else with the format to use', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const due = answerOf(() => parseDueDate(text));
        if (due instanceof IncidentError) expect(due.message).toContain('Write it as YYYY-MM-DD');
        const meeting = answerOf(() => parseMeetingTime(text));
        if (meeting instanceof IncidentError)
          expect(meeting.message).toContain('Write it as YYYY-MM-DD HH:MM');
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
