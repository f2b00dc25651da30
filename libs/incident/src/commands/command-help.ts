import { IncidentError, IncidentErrorCode } from '../errors.js';
import { COMPONENT_STATUSES } from '../model/component.js';
import { SETTABLE_STATUSES } from '../model/incident-status.js';
import { PUBLIC_IMPACTS } from '../model/public-impact.js';
import { SEVERITIES } from '../model/severity.js';
import { ACCEPTED_TIMES } from '../model/requested-time.js';
import { PERMISSION_ACTIONS, PermissionPolicy, type PermissionAction } from './permission-policy.js';

interface CommandDoc {
  readonly usage: string;
  readonly description: string;
}

/** The command language as users see it; `help` and every usage error read from here. */
export const COMMAND_DOCS: Readonly<Record<string, CommandDoc>> = {
  declare: {
    usage:
      'declare [--private] <what happened> | declare --past <what happened> started <time> [resolved <time>]',
    description:
      'Declare a new incident. `--private`: only invited people and administrators see it. `--past` records ' +
      'one that already happened: its timeline starts then, it is resolved (review drafted) when a ' +
      'resolution time is given, and no channel, ping or reminder follows.',
  },
  title: {
    usage: 'title [INC-n] <text>',
    description: 'Rename the incident for responders; what customers read (`public-title`) stays as it is.',
  },
  invite: {
    usage: 'invite [INC-n] @person…',
    description: 'Let people see a private incident (the lead or administrators).',
  },
  uninvite: {
    usage: 'uninvite [INC-n] @person…',
    description: 'Take people off a private incident (its reporter stays).',
  },
  private: {
    usage: 'private [INC-n] [--public]',
    description:
      'Make an open incident private: only invited people and administrators see it. `--public` opens it to ' +
      'every responder again (the lead or administrators; logged).',
  },
  'public-title': {
    usage: 'public-title [INC-n] <text> | --confirm',
    description:
      'Choose the name customers read on the status page, in feeds, webhooks and emails; `--confirm` uses ' +
      'the title as it stands. Needed before the first public update.',
  },
  'public-impact': {
    usage: `public-impact [INC-n] <${PUBLIC_IMPACTS.join('|')}>`,
    description:
      'Choose the impact customers are shown (never taken from the severity; `none` until chosen).',
  },
  summary: { usage: 'summary [INC-n] <text>', description: 'Set the incident summary.' },
  impact: { usage: 'impact [INC-n] <text>', description: 'Describe the impact on users.' },
  sev: { usage: `sev [INC-n] <${SEVERITIES.join('|')}>`, description: 'Set the severity.' },
  status: { usage: `status [INC-n] <${SETTABLE_STATUSES.join('|')}>`, description: 'Move the incident on.' },
  lead: {
    usage: 'lead [INC-n] [@user] [--confirm]',
    description:
      'Assign the Incident Lead (no user: take it yourself). Taking it from someone asks them to hand it ' +
      'over; the lead or an administrator moves it with `--confirm`.',
  },
  scribe: {
    usage: 'scribe [INC-n] [@user] [--confirm]',
    description: 'Assign the Scribe (no user: take it yourself); a held role moves like `lead`.',
  },
  comms: {
    usage: 'comms [INC-n] [@user] [--confirm]',
    description: 'Assign the Communications Lead (no user: take it yourself); a held role moves like `lead`.',
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
  approve: { usage: 'approve <draft id>', description: 'Publish a proposed update.' },
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
    description: 'Close a resolved incident once its review is done and follow-ups are closed.',
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
  page: {
    usage: 'page [INC-n] [service or escalation policy]',
    description:
      'Page the on-call lead through PagerDuty (or the configured pager webhook), once per service; ' +
      'resolving the incident resolves the page.',
  },
  call: {
    usage: 'call [INC-n]',
    description:
      'Open the incident’s call (a voice channel on Discord, a meeting on Teams, else the configured link); ' +
      'asked again, it gives the same link.',
  },
  list: { usage: 'list', description: 'List open incidents.' },
  show: { usage: 'show [INC-n]', description: 'Show an incident.' },
  help: {
    usage: 'help [command|time|permissions]',
    description:
      'Show this help, one command in detail (and who may run it), the forms a time can take, or who may do what.',
  },
};

export const COMMAND_WORDS = Object.keys(COMMAND_DOCS);

/** The rules of the permission policy each command answers to, for `help`; anyone may run the others. */
const COMMAND_PERMISSIONS: Readonly<Record<string, readonly PermissionAction[]>> = {
  title: ['title'],
  invite: ['access'],
  uninvite: ['access'],
  private: ['access'],
  'public-title': ['public_facts'],
  'public-impact': ['public_facts'],
  summary: ['summary'],
  impact: ['impact'],
  sev: ['severity'],
  status: ['status', 'reopen'],
  lead: ['role_take', 'role_transfer'],
  scribe: ['role_take', 'role_transfer'],
  comms: ['role_take', 'role_transfer'],
  unassign: ['role_transfer'],
  action: ['timeline'],
  followup: ['followup'],
  done: ['action_done', 'followup_done'],
  note: ['timeline'],
  update: ['update', 'update_draft'],
  cancel: ['update'],
  approve: ['update'],
  snooze: ['snooze'],
  components: ['component'],
  component: ['component'],
  resolve: ['status'],
  reopen: ['reopen'],
  close: ['close'],
  review: ['review', 'review_done', 'review_schedule'],
  publish: ['write_up'],
  unpublish: ['write_up'],
};

/** The documentation of a command word; own entries only, so `constructor` or `toString` are unknown words. */
function commandDoc(word: string): CommandDoc | null {
  return Object.hasOwn(COMMAND_DOCS, word) ? COMMAND_DOCS[word]! : null;
}

/** What `help time` says: the one time grammar, wherever a command takes a time. */
const TIME_HELP =
  'Times, wherever a command takes one (`update --at`, `update --in`, `review schedule`, `snooze`): ' +
  `${ACCEPTED_TIMES} A time of day alone means its next occurrence; a zone is UTC, UTC+1 or a region ` +
  'name such as Europe/London.';

/** `help`, `help <command>` (with who may run it), `help time` and `help permissions`, for this installation. */
export function helpText(topic: string | null = null, policy = PermissionPolicy.standard): string {
  const word = topic?.toLowerCase() ?? null;
  if (word === 'time') return TIME_HELP;
  if (word === 'permissions') return permissionsHelp(policy);
  if (word === null)
    return COMMAND_WORDS.map(
      (each) => `\`${COMMAND_DOCS[each]!.usage}\` — ${COMMAND_DOCS[each]!.description}`,
    ).join('\n');
  const doc = commandDoc(word);
  if (!doc) throw unknownCommand(topic!);
  const rules = Object.hasOwn(COMMAND_PERMISSIONS, word) ? COMMAND_PERMISSIONS[word]! : [];
  const who = rules.length ? rules.map((rule) => policy.describe(rule)).join('; ') : 'anyone';
  return `\`${doc.usage}\` — ${doc.description}\nWho may: ${who}.`;
}

function permissionsHelp(policy: PermissionPolicy): string {
  return [
    '**Who may do what** (administrators may do everything; anyone may declare, list, show and read):',
    ...PERMISSION_ACTIONS.map((action) => `\`${action}\` — ${policy.describe(action)}`),
    'A vacant role is covered: the Incident Lead acts for the Communications Lead and the Scribe, and the ' +
      'reporter acts for the Incident Lead until someone takes it. Taking a role someone holds asks them to ' +
      'hand it over; whoever may move it confirms with `--confirm`.',
  ].join('\n');
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
