import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import { IncidentError } from '../errors.js';
import { textFrom, wordsOf, type Word } from './typed-text.js';

/**
 * The one grammar for a time in the command language, wherever one is asked for (`update --at`, `update --in`,
 * `review schedule`, `snooze`, and the API fields that schedule): read here, resolved against the clock when
 * the command runs.
 *
 *   time     = ["at"] moment | ["in"] delay
 *   moment   = clock [zone] | date clock [zone] | date"T"clock[":"ss] [offset | zone]
 *   clock    = HH:MM | H[:MM]am | H[:MM]pm
 *   date     = YYYY-MM-DD
 *   zone     = UTC | GMT | Z | UTC±H[:MM] | an IANA region name such as Europe/London   (UTC when left out)
 *   delay    = one or more of <count><unit> or <count> <unit>: m, min, minutes, h, hours, d, days
 *
 * A zone is always written with a slash or as UTC/GMT, so the word after a time of day is never mistaken for
 * one unless it looks like a zone: in `update --at 11:45 Restart done` the text starts at "Restart".
 */
export type RequestedTime =
  | { readonly kind: 'in'; readonly milliseconds: number; readonly text: string }
  | {
      readonly kind: 'at';
      /** `YYYY-MM-DD`, or null for "the next time the clock shows this time of day". */
      readonly date: string | null;
      readonly hour: number;
      readonly minute: number;
      /** An IANA zone name (`Europe/London`), `UTC` or a fixed offset (`UTC+1`). */
      readonly zone: string;
      readonly text: string;
    };

/** Every refusal of a time ends with this, so people learn the forms once, wherever they typed the time. */
export const ACCEPTED_TIMES =
  'Write a time like `14:30` or `2:30pm` (UTC), `14:30 Europe/London`, `2026-12-01 14:30 UTC+1`, ' +
  '`2026-12-01T14:30Z`, or a delay like `in 30m`, `in 2h`, `in 1h30m`.';

const UNIT_MS: ReadonlyMap<string, number> = new Map([
  ['m', 60_000],
  ['min', 60_000],
  ['mins', 60_000],
  ['minute', 60_000],
  ['minutes', 60_000],
  ['h', 3_600_000],
  ['hr', 3_600_000],
  ['hrs', 3_600_000],
  ['hour', 3_600_000],
  ['hours', 3_600_000],
  ['d', 86_400_000],
  ['day', 86_400_000],
  ['days', 86_400_000],
]);

/** A time read from the words of a command, and the index of the first word after it. */
export interface TimeRead<T extends RequestedTime = RequestedTime> {
  readonly when: T;
  readonly next: number;
}

/** A requested time written as a delay from now. */
export type Delay = Extract<RequestedTime, { kind: 'in' }>;

/** Reads the time that starts at `words[start]` of `source`; the words after it are left for the caller. */
export function readTime(source: string, words: readonly Word[], start: number, field = 'time'): TimeRead {
  const first = words[start]?.text.toLowerCase();
  if (first === undefined) throw notATime('', 'no time given', field);
  if (first === 'in') return readDelay(source, words, start + 1, field, 'in ');
  if (delayWordsAt(words, start) > 0) return readDelay(source, words, start, field, 'in ');
  return readMoment(source, words, first === 'at' ? start + 1 : start, field);
}

/** Reads the delay (`30m`, `1h 30m`, `45 minutes`) that starts at `words[start]`. */
export function readDelay(
  source: string,
  words: readonly Word[],
  start: number,
  field = 'time',
  prefix = '',
): TimeRead<Delay> {
  const length = delayWordsAt(words, start);
  if (length === 0) {
    const word = words[start]?.text ?? '';
    throw IncidentError.invalid(
      field,
      `${word ? `"${word}" is not a delay` : 'No delay given'}. ${ACCEPTED_TIMES}`,
    );
  }
  const text = textFrom(source, words.slice(0, start + length), start);
  const milliseconds = delayWordsParts(words.slice(start, start + length)).reduce(
    (sum, part) => sum + part.count * UNIT_MS.get(part.unit)!,
    0,
  );
  if (milliseconds <= 0) throw IncidentError.invalid(field, 'The delay must be longer than zero.');
  return { when: { kind: 'in', milliseconds, text: `${prefix}${text}` }, next: start + length };
}

/** The whole of `text` as a time; anything left after the time is refused. */
export function parseTime(text: string, field = 'time'): RequestedTime {
  return wholly(text, field, (words) => readTime(text, words, 0, field));
}

/** The whole of `text` as a delay (`30m`, `2h`, `1h30m`, `45 minutes`). */
export function parseDelay(text: string, field = 'time'): Delay {
  return wholly(text, field, (words) => readDelay(text, words, 0, field, 'in '));
}

function wholly<T extends RequestedTime>(
  text: string,
  field: string,
  read: (words: readonly Word[]) => TimeRead<T>,
): T {
  const words = wordsOf(text);
  const { when, next } = read(words);
  if (next < words.length)
    throw notATime(text.trim(), `"${textFrom(text, words, next)}" is not part of a time`, field);
  return when;
}

function notATime(written: string, why: string | null, field: string): IncidentError {
  const quoted = written ? `"${written}" is not a time` : 'That is not a time';
  return IncidentError.invalid(field, `${quoted}${why ? `: ${why}` : ''}. ${ACCEPTED_TIMES}`);
}

/** How many words from `start` make one delay: parts such as `1h30m`, or a count and a unit word (`45 minutes`). */
function delayWordsAt(words: readonly Word[], start: number): number {
  let index = start;
  for (;;) {
    const word = words[index]?.text.toLowerCase() ?? '';
    if (delayParts(word)) index += 1;
    else if (isDigits(word) && UNIT_MS.has(words[index + 1]?.text.toLowerCase() ?? '')) index += 2;
    else return index - start;
  }
}

function delayWordsParts(words: readonly Word[]): { count: number; unit: string }[] {
  const parts: { count: number; unit: string }[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!.text.toLowerCase();
    const inWord = delayParts(word);
    if (inWord) {
      parts.push(...inWord);
    } else {
      parts.push({ count: Number(word), unit: words[index + 1]!.text.toLowerCase() });
      index += 1;
    }
  }
  return parts;
}

/** `1h30m` → its `<digits><unit>` parts; null unless the whole word is such parts. */
function delayParts(word: string): { count: number; unit: string }[] | null {
  const parts: { count: number; unit: string }[] = [];
  let index = 0;
  while (index < word.length) {
    const digitsEnd = skipWhile(word, index, isDigit);
    const unitEnd = skipWhile(word, digitsEnd, isAsciiLetter);
    const unit = word.slice(digitsEnd, unitEnd);
    if (digitsEnd === index || digitsEnd - index > 9 || !UNIT_MS.has(unit)) return null;
    parts.push({ count: Number(word.slice(index, digitsEnd)), unit });
    index = unitEnd;
  }
  return parts.length ? parts : null;
}

function skipWhile(text: string, from: number, test: (code: number) => boolean): number {
  let index = from;
  while (index < text.length && test(text.charCodeAt(index))) index += 1;
  return index;
}

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isAsciiLetter = (code: number): boolean =>
  (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
const isDigits = (word: string): boolean =>
  word.length > 0 && word.length <= 9 && skipWhile(word, 0, isDigit) === word.length;

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^(\d{1,2})(?::(\d{2}))?(am|pm)?$/i;

/** A date, a time of day and a zone, as written from `words[start]`. */
function readMoment(source: string, words: readonly Word[], start: number, field: string): TimeRead {
  const written = (next: number) => textFrom(source, words.slice(0, next), start);
  const token = words[start]?.text ?? '';
  const iso = ISO_DATE_TIME.exec(token);
  if (iso) {
    const offset = iso[4];
    const zone = offset ? null : zoneAt(words, start + 1);
    const next = start + 1 + (zone ? 1 : 0);
    const zoneName = offset ? (offset.toUpperCase() === 'Z' ? 'UTC' : `UTC${offset}`) : (zone ?? 'UTC');
    return { when: moment(iso[1]!, Number(iso[2]), Number(iso[3]), zoneName, written(next), field), next };
  }
  const date = CALENDAR_DATE.test(token) ? token : null;
  const clockAt = date ? start + 1 : start;
  const clockWord = words[clockAt]?.text ?? '';
  const clock = CLOCK.exec(clockWord);
  if (!clock) {
    const shown = written(Math.min(clockAt + 1, words.length));
    const why =
      clockWord === shown ? null : clockWord ? `"${clockWord}" is not a time of day` : 'no time of day';
    throw notATime(shown, why, field);
  }
  const zone = zoneAt(words, clockAt + 1);
  const next = clockAt + 1 + (zone ? 1 : 0);
  const hour = hourOf(clock, written(next), field);
  return { when: moment(date, hour, Number(clock[2] ?? 0), zone ?? 'UTC', written(next), field), next };
}

function hourOf(clock: RegExpExecArray, written: string, field: string): number {
  const hour = Number(clock[1]);
  const meridiem = clock[3]?.toLowerCase();
  if (!meridiem) {
    if (!clock[2]) throw notATime(written, 'write the minutes too (14:00) or am/pm (2pm)', field);
    return hour;
  }
  if (hour < 1 || hour > 12) throw notATime(written, `${clock[0]} is not a time of day`, field);
  return (hour % 12) + (meridiem === 'pm' ? 12 : 0);
}

/** The word at `index` when it is written like a zone (UTC, GMT, Z, UTC+1, Area/Location); else null. */
function zoneAt(words: readonly Word[], index: number): string | null {
  const word = words[index]?.text;
  if (!word) return null;
  const upper = word.toUpperCase();
  const looksLikeZone = upper === 'Z' || upper === 'GMT' || upper.startsWith('UTC') || word.includes('/');
  return looksLikeZone ? word : null;
}

function moment(
  date: string | null,
  hour: number,
  minute: number,
  zoneName: string,
  written: string,
  field: string,
): RequestedTime {
  if (hour > 23 || minute > 59)
    throw notATime(written, `${hour}:${String(minute).padStart(2, '0')} is not a time of day`, field);
  const zone = normalizeZone(zoneName);
  if (!zone)
    throw notATime(
      written,
      `"${zoneName}" is not a time zone (UTC, UTC+1, or a name like Europe/London)`,
      field,
    );
  if (date && !isCalendarDate(date)) throw notATime(written, `${date} is not a date`, field);
  return { kind: 'at', date, hour, minute, zone, text: `at ${written}` };
}

function normalizeZone(name: string): string | null {
  const upper = name.toUpperCase();
  if (upper === 'UTC' || upper === 'Z' || upper === 'GMT') return 'UTC';
  const offset = upper.startsWith('UTC') ? FixedOffsetZone.parseSpecifier(name) : null;
  if (offset) return offset.name;
  return name.includes('/') && IANAZone.isValidZone(name) ? name : null;
}

/** True for a real `YYYY-MM-DD` day (not 2026-02-30). */
function isCalendarDate(text: string): boolean {
  if (!CALENDAR_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** A follow-up's due date, `YYYY-MM-DD`: due by the end of that day, UTC. */
export function parseDueDate(text: string): Date {
  if (isCalendarDate(text)) return new Date(`${text}T23:59:59.000Z`);
  throw IncidentError.invalid('due', `"${text}" is not a date. Write it as YYYY-MM-DD, e.g. due 2026-12-31.`);
}

/** How far ahead a time may be for one purpose, and how to say so when it is further. */
export interface TimeLimit {
  readonly maxAheadMs: number;
  /** e.g. `Updates can be scheduled`: completed with "at most 30 days ahead". */
  readonly refusal: string;
}

/** The instant a requested time means at `now`; refuses times already past or beyond the limit. */
export function resolveTime(when: RequestedTime, now: Date, limit: TimeLimit): Date {
  const instant = when.kind === 'in' ? new Date(now.getTime() + when.milliseconds) : instantOf(when, now);
  if (instant.getTime() <= now.getTime()) {
    throw IncidentError.invalid(
      'time',
      `${when.text.replace(/^at /, '')} is in the past (it is now ${describeInstant(now)}). Give a future time.`,
    );
  }
  if (instant.getTime() - now.getTime() > limit.maxAheadMs)
    throw IncidentError.invalid('time', `${limit.refusal} at most ${describeSpan(limit.maxAheadMs)} ahead.`);
  return instant;
}

/**
 * The instant a requested time means when it tells of the past (an incident recorded after it happened): a
 * delay is that long ago, a bare time of day its latest occurrence. Refuses times still to come, or further back
 * than `maxBackMs`.
 */
export function resolvePastTime(when: RequestedTime, now: Date, maxBackMs: number, field = 'time'): Date {
  const instant =
    when.kind === 'in' ? new Date(now.getTime() - when.milliseconds) : latestInstantOf(when, now);
  const written = when.text.replace(/^(?:at|in) /, '');
  if (instant.getTime() > now.getTime()) {
    throw IncidentError.invalid(
      field,
      `${written} has not happened yet (it is now ${describeInstant(now)}). Give a time in the past.`,
    );
  }
  if (now.getTime() - instant.getTime() > maxBackMs)
    throw IncidentError.invalid(field, `${written} is more than ${describeSpan(maxBackMs)} ago.`);
  return instant;
}

function latestInstantOf(when: Extract<RequestedTime, { kind: 'at' }>, now: Date): Date {
  const next = instantOf(when, now);
  if (when.date || next.getTime() <= now.getTime()) return next;
  // The next occurrence of a bare time of day is tomorrow's at the latest; the one before is a day earlier.
  return DateTime.fromJSDate(next, { zone: when.zone }).minus({ days: 1 }).toJSDate();
}

function instantOf(when: Extract<RequestedTime, { kind: 'at' }>, now: Date): Date {
  const zoned = DateTime.fromJSDate(now, { zone: when.zone });
  let target = when.date ? DateTime.fromISO(when.date, { zone: when.zone }) : zoned.startOf('day');
  target = target.set({ hour: when.hour, minute: when.minute, second: 0, millisecond: 0 });
  // A bare time of day means its next occurrence: `at 00:10` at 23:50 is ten minutes from now.
  if (!when.date && target.toMillis() <= now.getTime()) target = target.plus({ days: 1 });
  return target.toJSDate();
}

function describeSpan(milliseconds: number): string {
  const days = milliseconds / 86_400_000;
  if (days === 1) return 'a day';
  if (Number.isInteger(days)) return `${days} days`;
  return `${Math.round(milliseconds / 3_600_000)} hours`;
}

/** `14:30 UTC (15:30 Europe/London)`-style text for replies. */
export function describeInstant(instant: Date, zone: string | null = null): string {
  const utc = `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (!zone || zone === 'UTC') return utc;
  const local = DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
  return `${utc} (${local} ${zone})`;
}
