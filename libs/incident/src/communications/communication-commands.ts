import { IncidentError } from '../errors.js';
import type { Command, UpdateBody } from '../commands/command.js';
import { usageOf } from '../commands/command-help.js';
import { isWhitespace, MAX_TEXT_LENGTH, wordsOf } from '../model/typed-text.js';
import { parseDuration, splitUpdateTime } from './update-time.js';

/**
 * `update [INC-n] [--draft] <text | template <name>> [at <time> | in <duration>]`. Plain text with no draft
 * flag, template or trailing time stays the `update` command it always was.
 */
export function parseUpdateCommand(ref: string | null, rest: string): Command {
  let text = rest.trim();
  const draft = startsWithWord(text, '--draft');
  if (draft) text = text.slice('--draft'.length).trim();
  // `--now` publishes the text as written, even when it ends like a time ("… restart at 5pm").
  const now = !draft && startsWithWord(text, '--now');
  if (now) text = text.slice('--now'.length).trim();
  const timed = draft || now ? null : splitUpdateTime(text);
  if (timed) text = timed.text;
  const body = updateBody(text, draft ? 'update --draft' : 'update');
  if (draft) return { kind: 'update_draft', ref, body };
  if (timed) return { kind: 'update_later', ref, body, when: timed.when };
  if (body.kind === 'template') return { kind: 'update_template', ref, template: body.name };
  return { kind: 'update', ref, body: body.text };
}

/** True when `text` starts with `word` (any case) followed by whitespace or nothing. */
function startsWithWord(text: string, word: string): boolean {
  if (text.slice(0, word.length).toLowerCase() !== word) return false;
  return text.length === word.length || isWhitespace(text.charCodeAt(word.length));
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

/** `snooze [INC-n] <duration>`, at most a day. */
export function parseSnoozeCommand(ref: string | null, rest: string): Command {
  if (!rest.trim()) throw IncidentError.invalid('duration', `Usage: \`${usageOf('snooze')}\``);
  const milliseconds = parseDuration(rest);
  if (milliseconds > 86_400_000)
    throw IncidentError.invalid('duration', 'Snooze reminders for a day at most.');
  return { kind: 'snooze', ref, milliseconds, text: rest.trim() };
}

/** `components [INC-n] operational` */
export function parseComponentsCommand(ref: string | null, rest: string): Command {
  if (rest.trim().toLowerCase() !== 'operational')
    throw IncidentError.invalid('status', `Usage: \`${usageOf('components')}\``);
  return { kind: 'components_operational', ref };
}
