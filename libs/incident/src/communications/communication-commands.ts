import { IncidentError } from '../errors.js';
import type { Command, UpdateBody } from '../commands/command.js';
import { usageOf } from '../commands/command-help.js';
import { MAX_TEXT_LENGTH, textFrom, wordsOf, type Word } from '../model/typed-text.js';
import { parseTime, readDelay, readTime, type RequestedTime } from '../model/requested-time.js';

/**
 * `update [INC-n] [--at <time> | --in <delay>] [--draft] <text | template <name>>`. Options come before the
 * text, so the text is published as written whatever its last words: "… Next update at 11:45." is text.
 */
export function parseUpdateCommand(ref: string | null, rest: string): Command {
  const words = wordsOf(rest);
  const options = readUpdateOptions(rest, words);
  const body = updateBody(textFrom(rest, words, options.next), options.draft ? 'update --draft' : 'update');
  if (options.draft) return { kind: 'update_draft', ref, body };
  if (options.when) return { kind: 'update_later', ref, body, when: options.when };
  if (body.kind === 'template') return { kind: 'update_template', ref, template: body.name };
  return { kind: 'update', ref, body: body.text };
}

interface UpdateOptions {
  readonly draft: boolean;
  readonly when: RequestedTime | null;
  /** The index of the first word of the text. */
  readonly next: number;
}

/**
 * The `--` options before an update's text. An unknown one is refused rather than published: a mistyped
 * `--at` would otherwise go out to customers at once, option and all.
 */
function readUpdateOptions(source: string, words: readonly Word[]): UpdateOptions {
  let draft = false;
  let when: RequestedTime | null = null;
  let index = 0;
  while (words[index]?.text.startsWith('--')) {
    const option = words[index]!.text.toLowerCase();
    // `--now` only says what plain text does anyway; it is accepted so that it is never published as text.
    if (option === '--draft' || option === '--now') {
      draft ||= option === '--draft';
      index += 1;
    } else if ((option === '--at' || option === '--in') && !when) {
      const read =
        option === '--at'
          ? readTime(source, words, index + 1)
          : readDelay(source, words, index + 1, 'time', 'in ');
      ({ when, next: index } = read);
    } else {
      const twice = option === '--at' || option === '--in';
      const what = twice
        ? 'Give one time, with `--at` or `--in`'
        : `"${words[index]!.text}" is not an option`;
      throw IncidentError.invalid('option', `${what}. Usage: \`${usageOf('update')}\``);
    }
  }
  if (draft && when)
    throw IncidentError.invalid(
      'option',
      'A draft goes out when it is approved, so it cannot be scheduled: drop `--draft` or the time.',
    );
  return { draft, when, next: index };
}

function updateBody(text: string, word: string): UpdateBody {
  const words = wordsOf(text);
  if (words[0]?.text.toLowerCase() === 'template') {
    if (words.length !== 2)
      throw IncidentError.invalid('template', 'Name one template. Usage: `update template <name>`');
    return { kind: 'template', name: words[1]!.text.toLowerCase() };
  }
  if (!text) throw IncidentError.invalid('text', `\`${word}\` needs text. Usage: \`${usageOf('update')}\``);
  if (text.length > MAX_TEXT_LENGTH)
    throw IncidentError.invalid('text', `That text is too long (${MAX_TEXT_LENGTH} characters at most).`);
  return { kind: 'text', text };
}

/** `cancel update <id>` */
export function parseCancelCommand(rest: string): Command {
  const match = /^update\s+#?(\d{1,9})$/i.exec(rest.trim());
  if (!match)
    throw IncidentError.invalid(
      'id',
      `Name the scheduled update. Usage: \`${usageOf('cancel')}\` (see \`updates\`).`,
    );
  return { kind: 'cancel_update', id: Number(match[1]) };
}

/** `approve <draft id>` */
export function parseApproveCommand(rest: string): Command {
  const match = /^#?(\d{1,9})$/.exec(rest.trim());
  if (!match) throw IncidentError.invalid('id', `Name the draft. Usage: \`${usageOf('approve')}\``);
  return { kind: 'approve', draftId: Number(match[1]) };
}

/** `snooze [INC-n] <time>`: until a time, or for a delay (`snooze 30m`). */
export function parseSnoozeCommand(ref: string | null, rest: string): Command {
  if (!rest.trim()) throw IncidentError.invalid('time', `Usage: \`${usageOf('snooze')}\``);
  return { kind: 'snooze', ref, until: parseTime(rest) };
}

/** `components [INC-n] operational` */
export function parseComponentsCommand(ref: string | null, rest: string): Command {
  if (rest.trim().toLowerCase() !== 'operational')
    throw IncidentError.invalid('status', `Usage: \`${usageOf('components')}\``);
  return { kind: 'components_operational', ref };
}
