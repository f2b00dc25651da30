import { IncidentError, IncidentErrorCode } from '../errors.js';
import { COMPONENT_STATUSES } from '../model/component.js';
import { SETTABLE_STATUSES } from '../model/incident-status.js';
import { SEVERITIES } from '../model/severity.js';
import { ACCEPTED_TIMES } from '../model/requested-time.js';

interface CommandDoc {
  readonly usage: string;
  readonly description: string;
}

/** The command language as users see it; `help` and every usage error read from here. */
export const COMMAND_DOCS: Readonly<Record<string, CommandDoc>> = {
  declare: { usage: 'declare <what happened>', description: 'Declare a new incident.' },
  summary: { usage: 'summary [INC-n] <text>', description: 'Set the incident summary.' },
  impact: { usage: 'impact [INC-n] <text>', description: 'Describe the impact on users.' },
  sev: { usage: `sev [INC-n] <${SEVERITIES.join('|')}>`, description: 'Set the severity.' },
  status: { usage: `status [INC-n] <${SETTABLE_STATUSES.join('|')}>`, description: 'Move the incident on.' },
  lead: {
    usage: 'lead [INC-n] [@user]',
    description: 'Assign the Incident Lead (no user: take it yourself).',
  },
  scribe: { usage: 'scribe [INC-n] [@user]', description: 'Assign the Scribe (no user: take it yourself).' },
  comms: {
    usage: 'comms [INC-n] [@user]',
    description: 'Assign the Communications Lead (no user: take it yourself).',
  },
  unassign: { usage: 'unassign [INC-n] <lead|scribe|comms>', description: 'Leave a role empty.' },
  action: { usage: 'action [INC-n] <what was done>', description: 'Log an action in the timeline.' },
  followup: {
    usage: 'followup [INC-n] <text> [@owner] [due YYYY-MM-DD]',
    description: 'Add a follow-up item for after the incident.',
  },
  done: { usage: 'done <item id>', description: 'Mark an action or follow-up as done.' },
  note: { usage: 'note [INC-n] <text>', description: 'Add a note to the timeline.' },
  update: {
    usage: 'update [INC-n] [--at <time> | --in <delay>] <public text>',
    description:
      'Publish a public update to the status page now, whatever its last words ("… Next update at 11:45" ' +
      'is text). `--at 14:30 Europe/London` or `--in 30m` before the text schedules it; ' +
      '`update --draft <text>` proposes it for the communications lead to approve; ' +
      '`update template <name>` publishes a configured text.',
  },
  updates: { usage: 'updates [INC-n]', description: 'List scheduled updates and drafts.' },
  cancel: { usage: 'cancel update <id>', description: 'Cancel a scheduled update.' },
  approve: { usage: 'approve <draft id>', description: 'Publish a proposed update (communications lead).' },
  snooze: {
    usage: 'snooze [INC-n] <delay|time>',
    description:
      'Pause reminders for the incident, for a delay (`snooze 30m`) or until a time (a day at most).',
  },
  components: {
    usage: 'components [INC-n] operational',
    description: "Set all of the incident's components back to operational.",
  },
  component: {
    usage: `component [INC-n] <name> <${COMPONENT_STATUSES.join('|')}>`,
    description: 'Change the public status of a component.',
  },
  resolve: { usage: 'resolve [INC-n]', description: 'Mark the incident resolved.' },
  reopen: { usage: 'reopen [INC-n]', description: 'Reopen a resolved incident.' },
  close: {
    usage: 'close [INC-n] [--override <reason>]',
    description: 'Close a resolved incident once its review is done and follow-ups are closed (lead only).',
  },
  review: {
    usage:
      'review [INC-n] <summary|impact|happened|rca|factors|well|badly> <text> | refresh | done | schedule <time>',
    description:
      'Fill a section of the post-incident review, redraft its Timeline and Actions from the record (refresh), mark it done, or schedule the review meeting (`review schedule 2026-03-04 15:00 Europe/London`).',
  },
  followups: { usage: 'followups', description: 'List open follow-ups across all incidents.' },
  publish: {
    usage: 'publish [INC-n] [confirm]',
    description:
      'Preview the public write-up drafted from the review; `confirm` publishes it on the status page.',
  },
  unpublish: { usage: 'unpublish [INC-n]', description: 'Take the public write-up down again.' },
  list: { usage: 'list', description: 'List open incidents.' },
  show: { usage: 'show [INC-n]', description: 'Show an incident.' },
  help: {
    usage: 'help [command|time]',
    description: 'Show this help, one command in detail, or the forms a time can take.',
  },
};

export const COMMAND_WORDS = Object.keys(COMMAND_DOCS);

/** The documentation of a command word; own entries only, so `constructor` or `toString` are unknown words. */
function commandDoc(word: string): CommandDoc | null {
  return Object.hasOwn(COMMAND_DOCS, word) ? COMMAND_DOCS[word]! : null;
}

/** What `help time` says: the one time grammar, wherever a command takes a time. */
const TIME_HELP =
  'Times, wherever a command takes one (`update --at`, `update --in`, `review schedule`, `snooze`): ' +
  `${ACCEPTED_TIMES} A time of day alone means its next occurrence; a zone is UTC, UTC+1 or a region ` +
  'name such as Europe/London.';

export function helpText(topic: string | null = null): string {
  if (topic?.toLowerCase() === 'time') return TIME_HELP;
  if (topic !== null) {
    const doc = commandDoc(topic.toLowerCase());
    if (!doc) throw unknownCommand(topic);
    return `\`${doc.usage}\` — ${doc.description}`;
  }
  return COMMAND_WORDS.map(
    (word) => `\`${COMMAND_DOCS[word]!.usage}\` — ${COMMAND_DOCS[word]!.description}`,
  ).join('\n');
}

export function usageOf(word: string): string {
  return commandDoc(word)?.usage ?? word;
}

/** The list of commands is part of the message itself, so every transport shows it, and shows it once. */
export function unknownCommand(word: string): IncidentError {
  return new IncidentError(
    IncidentErrorCode.UnknownCommand,
    `Unknown command "${word}". Commands: ${COMMAND_WORDS.join(', ')}. Try \`help <command>\`.`,
    'command',
  );
}
