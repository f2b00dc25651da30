import { DateTime, IANAZone } from 'luxon';
import { isWhitespace, textFrom, wordsOf } from '../model/typed-text.js';
import { IncidentError } from '../errors.js';

/** When a scheduled update goes out, as written after `at` or `in`; resolved against the clock later. */
export type UpdateTime =
  | { readonly kind: 'in'; readonly milliseconds: number; readonly text: string }
  | {
      readonly kind: 'at';
      /** `YYYY-MM-DD`, or null for "the next time the clock shows this time of day". */
      readonly date: string | null;
      readonly hour: number;
      readonly minute: number;
      /** An IANA zone name (`Europe/London`) or `UTC`. */
      readonly zone: string;
      readonly text: string;
    };

const UNIT_MS: ReadonlyMap<string, number> = new Map([
  ['min', 60_000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);
const MAX_AHEAD_MS = 30 * 86_400_000;

/** `30m`, `2h`, `1h30m`, `1d`; refuses anything else with an example. */
export function parseDuration(text: string, field = 'duration'): number {
  const parts = durationParts(text.trim().toLowerCase());
  if (!parts) {
    throw IncidentError.invalid(field, `"${text.trim()}" is not a duration. Write it like 30m, 2h or 1h30m.`);
  }
  const total = parts.reduce((sum, part) => sum + part.count * UNIT_MS.get(part.unit)!, 0);
  if (total <= 0) throw IncidentError.invalid(field, 'The duration must be longer than zero.');
  return total;
}

/** `<digits> <unit>` pairs, whitespace allowed around each part; null unless the whole text is such pairs. */
function durationParts(value: string): { count: number; unit: string }[] | null {
  const parts: { count: number; unit: string }[] = [];
  let index = skipWhitespace(value, 0);
  while (index < value.length) {
    const digitsEnd = skipDigits(value, index);
    if (digitsEnd === index) return null;
    const unitStart = skipWhitespace(value, digitsEnd);
    const unit = ['min', 'm', 'h', 'd'].find((each) => value.startsWith(each, unitStart));
    if (!unit) return null;
    parts.push({ count: Number(value.slice(index, digitsEnd)), unit });
    index = skipWhitespace(value, unitStart + unit.length);
  }
  return parts.length ? parts : null;
}

function skipWhitespace(text: string, from: number): number {
  let index = from;
  while (index < text.length && isWhitespace(text.charCodeAt(index))) index += 1;
  return index;
}

function skipDigits(text: string, from: number): number {
  let index = from;
  while (index < text.length && isDigit(text.charCodeAt(index))) index += 1;
  return index;
}

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isAsciiLetter = (code: number): boolean =>
  (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

/** `30m`, `1h30m`: digits and letters taking turns, starting with digits and ending with letters. */
function looksLikeDuration(word: string): boolean {
  if (!isDigit(word.charCodeAt(0))) return false;
  for (let index = 1; index < word.length; index += 1) {
    const code = word.charCodeAt(index);
    if (!isDigit(code) && !isAsciiLetter(code)) return false;
  }
  return !isDigit(word.charCodeAt(word.length - 1));
}

/**
 * A trailing `at …` / `in …` that looks like a time, split from the text before it; null when there is none.
 * The last `at`/`in` followed by one to three words is the one considered.
 */
export function splitUpdateTime(text: string): { readonly text: string; readonly when: UpdateTime } | null {
  const words = wordsOf(text);
  const split = [words.length - 2, words.length - 3, words.length - 4].find(
    (index) => index >= 1 && ['at', 'in'].includes(words[index]!.text.toLowerCase()),
  );
  if (split === undefined) return null;
  const before = textFrom(text, words.slice(0, split));
  const after = textFrom(text, words, split + 1);
  const tokens = words.slice(split + 1).map((word) => word.text);
  if (words[split]!.text.toLowerCase() === 'in') {
    if (tokens.length !== 1 || !looksLikeDuration(tokens[0]!)) return null;
    return { text: before, when: { kind: 'in', milliseconds: parseDuration(after), text: `in ${after}` } };
  }
  if (!/^(?:\d{1,2}(?::\d{2})?(?:am|pm)?|\d{4}-\d{2}-\d{2}(?:T\S*)?)$/i.test(tokens[0]!)) return null;
  return { text: before, when: parseAt(after) };
}

/** `14:30`, `14:30 Europe/London`, `2026-12-01 10:00 UTC`, `2026-12-01T10:00Z`, `2026-12-01T10:00+01:00`. */
export function parseAt(text: string): UpdateTime {
  const tokens = wordsOf(text).map((word) => word.text);
  if (tokens.length === 0) tokens.push('');
  const invalid = (why: string) =>
    IncidentError.invalid(
      'time',
      `"${text.trim()}" is not a time I can schedule: ${why}. Write e.g. \`at 14:30 Europe/London\`, ` +
        '`at 2026-12-01T10:00Z` or `in 30m`.',
    );
  const iso = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i.exec(
    tokens[0]!,
  );
  if (iso) {
    if (tokens.length > 2) throw invalid('too many words');
    const offset = iso[4];
    const zone = offset ? (offset.toUpperCase() === 'Z' ? 'UTC' : `UTC${offset}`) : (tokens[1] ?? 'UTC');
    if (offset && tokens[1]) throw invalid('give either an offset or a zone name, not both');
    return at(iso[1]!, Number(iso[2]), Number(iso[3]), zone, text, invalid);
  }
  let date: string | null = null;
  let rest = tokens;
  if (/^\d{4}-\d{2}-\d{2}$/.test(rest[0]!)) {
    date = rest[0]!;
    rest = rest.slice(1);
  }
  const clock = /^(\d{1,2})(?::(\d{2}))?(am|pm)?$/i.exec(rest[0] ?? '');
  if (!clock || rest.length > 2)
    throw invalid(rest[0] ? `"${rest[0]}" is not a time of day` : 'no time of day');
  let hour = Number(clock[1]);
  const meridiem = clock[3]?.toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) throw invalid(`${clock[0]} is not a time of day`);
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (!clock[2]) {
    throw invalid('write the minutes too (14:00) or am/pm (2pm)');
  }
  return at(date, hour, Number(clock[2] ?? 0), rest[1] ?? 'UTC', text, invalid);
}

function at(
  date: string | null,
  hour: number,
  minute: number,
  zoneName: string,
  text: string,
  invalid: (why: string) => IncidentError,
): UpdateTime {
  if (hour > 23 || minute > 59)
    throw invalid(`${hour}:${String(minute).padStart(2, '0')} is not a time of day`);
  const zone = normalizeZone(zoneName);
  if (!zone) throw invalid(`"${zoneName}" is not a time zone (use UTC or a name like Europe/London)`);
  if (date && !DateTime.fromISO(date, { zone: 'UTC' }).isValid) throw invalid(`${date} is not a date`);
  return { kind: 'at', date, hour, minute, zone, text: `at ${text.trim()}` };
}

function normalizeZone(name: string): string | null {
  const upper = name.toUpperCase();
  if (upper === 'UTC' || upper === 'Z' || upper === 'GMT') return 'UTC';
  if (/^UTC[+-]\d{2}:\d{2}$/i.test(name)) return `UTC${name.slice(3)}`;
  return IANAZone.isValidZone(name) ? new IANAZone(name).name : null;
}

/** The instant an `UpdateTime` means at `now`; refuses times already past or more than 30 days ahead. */
export function resolveUpdateTime(when: UpdateTime, now: Date): Date {
  let instant: Date;
  if (when.kind === 'in') {
    instant = new Date(now.getTime() + when.milliseconds);
  } else {
    const zoned = DateTime.fromJSDate(now, { zone: when.zone });
    let target = when.date ? DateTime.fromISO(when.date, { zone: when.zone }) : zoned.startOf('day');
    target = target.set({ hour: when.hour, minute: when.minute, second: 0, millisecond: 0 });
    // A bare time of day means its next occurrence: `at 00:10` at 23:50 is ten minutes from now.
    if (!when.date && target.toMillis() <= now.getTime()) target = target.plus({ days: 1 });
    instant = target.toJSDate();
    if (instant.getTime() <= now.getTime()) {
      throw IncidentError.invalid(
        'time',
        `${when.text.replace(/^at /, '')} is in the past (it is now ${now.toISOString().slice(0, 16)}Z). ` +
          'Give a future time.',
      );
    }
  }
  if (instant.getTime() - now.getTime() > MAX_AHEAD_MS)
    throw IncidentError.invalid('time', 'Schedule updates at most 30 days ahead.');
  return instant;
}

/** `14:30 UTC (15:30 Europe/London)`-style text for replies. */
export function describeInstant(instant: Date, zone: string | null = null): string {
  const utc = `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (!zone || zone === 'UTC') return utc;
  const local = DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
  return `${utc} (${local} ${zone})`;
}
