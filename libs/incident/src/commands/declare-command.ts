import { IncidentError } from '../errors.js';
import { readTime, type RequestedTime } from '../model/requested-time.js';
import { MAX_TEXT_LENGTH, textFrom, wordsOf, type Word } from '../model/typed-text.js';
import type { Command } from './command.js';
import { usageOf } from './command-help.js';

/** When an incident recorded after the fact started and, if it is over, was resolved; resolved at run time. */
export interface PastTimes {
  readonly started: RequestedTime;
  readonly resolved: RequestedTime | null;
}

type DeclareCommand = Extract<Command, { kind: 'declare' }>;

const PAST_USAGE =
  '`declare --past <what happened> started <time> [resolved <time>]`, e.g. ' +
  '`declare --past Card payments failed started 2026-03-02 09:10 Europe/London resolved 2026-03-02 10:40 Europe/London`';

/**
 * `declare [--past] [--private] <what happened> …`, from the words after the command word. Flags are read only
 * before the title, so a title may say "--past" anywhere else.
 */
export function parseDeclare(source: string, args: readonly Word[]): DeclareCommand {
  let from = 0;
  const flags = new Set<string>();
  for (let flag = args[0]?.text.toLowerCase(); flag === '--past' || flag === '--private';) {
    flags.add(flag);
    from += 1;
    flag = args[from]?.text.toLowerCase();
  }
  const access = flags.has('--private') ? { private: true } : {};
  if (!flags.has('--past'))
    return { kind: 'declare', title: titleOf(source, args, from, args.length), ...access };
  const { title, times } = readPastDeclaration(source, args, from);
  return { kind: 'declare', title, past: times, ...access };
}

/**
 * `<what happened> started <time> [resolved <time>]`, scanned word by word: the first `started` after which the
 * rest of the line reads wholly as a time, then optionally `resolved` and a time, ends the title. So a title may
 * contain "started" ("Backup job started failing started 09:10 UTC"). Each candidate reads a bounded number of
 * words, so the scan stays linear in the line.
 */
function readPastDeclaration(
  source: string,
  args: readonly Word[],
  from: number,
): { title: string; times: PastTimes } {
  let refusal: IncidentError | null = null;
  for (let index = from; index < args.length; index += 1) {
    if (args[index]!.text.toLowerCase() !== 'started') continue;
    try {
      const times = readTimesAfter(source, args, index + 1);
      return { title: titleOf(source, args, from, index), times };
    } catch (error) {
      if (!(error instanceof IncidentError)) throw error;
      refusal = error;
    }
  }
  throw refusal ?? IncidentError.invalid('started', `Say when it started. Usage: ${PAST_USAGE}`);
}

/**
 * The times a declare form's "already happened" field gives: `[started] <time> [resolved <time>]`, in the one
 * time grammar. Blank: the incident is live (null). Every form reads it here, so all platforms agree.
 */
export function parsePastTimes(text: string | undefined): PastTimes | null {
  const source = text ?? '';
  const words = wordsOf(source);
  if (words.length === 0) return null;
  const start = words[0]!.text.toLowerCase() === 'started' ? 1 : 0;
  return readTimesAfter(source, words, start);
}

/** `<time> [ago] [resolved <time> [ago]]` up to the end of the line. */
function readTimesAfter(source: string, args: readonly Word[], start: number): PastTimes {
  const started = readPastTime(source, args, start, 'started');
  if (started.next === args.length) return { started: started.when, resolved: null };
  if (args[started.next]!.text.toLowerCase() !== 'resolved')
    throw IncidentError.invalid(
      'resolved',
      `"${textFrom(source, args, started.next)}" is not part of the times. Usage: ${PAST_USAGE}`,
    );
  const resolved = readPastTime(source, args, started.next + 1, 'resolved');
  if (resolved.next < args.length)
    throw IncidentError.invalid(
      'resolved',
      `"${textFrom(source, args, resolved.next)}" is not part of the times. Usage: ${PAST_USAGE}`,
    );
  return { started: started.when, resolved: resolved.when };
}

/** A time of the one grammar; a delay means that long ago, and may say so (`2h ago`). */
function readPastTime(
  source: string,
  args: readonly Word[],
  start: number,
  field: string,
): { when: RequestedTime; next: number } {
  const read = readTime(source, args, start, field);
  const ago = read.when.kind === 'in' && args[read.next]?.text.toLowerCase() === 'ago';
  return { when: read.when, next: read.next + (ago ? 1 : 0) };
}

function titleOf(source: string, args: readonly Word[], from: number, to: number): string {
  const title = textFrom(source, args.slice(0, to), from);
  if (!title)
    throw IncidentError.invalid('title', `\`declare\` needs a title. Usage: \`${usageOf('declare')}\``);
  if (title.length > MAX_TEXT_LENGTH)
    throw IncidentError.invalid('title', `That title is too long (${MAX_TEXT_LENGTH} characters at most).`);
  return title;
}
