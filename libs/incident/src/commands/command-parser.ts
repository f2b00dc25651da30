import { IncidentError } from '../errors.js';
import { COMPONENT_STATUSES, isComponentStatus } from '../model/component.js';
import { parseRef } from '../model/incident.js';
import { isSettableStatus, SETTABLE_STATUSES } from '../model/incident-status.js';
import { isParticipantId } from '../model/participant.js';
import { isAssignableRole, ASSIGNABLE_ROLES, type AssignableRole } from '../model/role.js';
import { isSeverity, SEVERITIES, type Severity } from '../model/severity.js';
import { isPublicImpact, PUBLIC_IMPACTS, type PublicImpact } from '../model/public-impact.js';
import { isReviewSection, REVIEW_SECTIONS } from '../review/review.js';
import type { Command } from './command.js';
import { unknownCommand, usageOf } from './command-help.js';
import { parseDeclare } from './declare-command.js';
import { MAX_TEXT_LENGTH, textFrom, wordsOf, type Word } from '../model/typed-text.js';
import { parseDueDate, parseTime } from '../model/requested-time.js';
import {
  parseApproveCommand,
  parseCancelCommand,
  parseComponentsCommand,
  parseSnoozeCommand,
  parseUpdateCommand,
} from '../communications/communication-commands.js';

/** A Map, so words such as `constructor` or `__proto__` are unknown like any other. */
const SEVERITY_ALIASES: ReadonlyMap<string, Severity> = new Map([
  ['crit', 'critical'],
  ['high', 'critical'],
  ['sev1', 'critical'],
  ['medium', 'major'],
  ['sev2', 'major'],
  ['low', 'minor'],
  ['trivial', 'minor'],
  ['sev3', 'minor'],
]);

/** A command line: its command word (lower-cased, '' when the line is empty) and the words after it. */
export interface CommandLine {
  readonly source: string;
  readonly word: string;
  readonly args: readonly Word[];
}

interface Words {
  readonly word: string;
  readonly ref: string | null;
  /** The words after the command word and the reference. */
  readonly args: readonly string[];
  /** The same words as typed: the user's own spacing and line breaks are kept in free text. */
  readonly rest: string;
  /** `rest` without its first `count` words. */
  restAfter(count: number): string;
}

/**
 * Parses one line of the command language (`sev INC-3 critical`). A leading `/` or `incident` is
 * ignored so `/incident declare …` and `@Firebreak incident declare …` read the same. Mentions are
 * expected as `<@platform:id>`, which connectors write in place of their native mentions.
 */
export function parseCommand(input: string): Command {
  const line = readCommandLine(input);
  // A title may start with what reads like a reference ("INC-3 broke again"): declare names no incident.
  if (line.word === 'declare') return parseDeclare(line.source, line.args);
  const words = splitWords(line);
  switch (words.word) {
    case 'title':
      return { kind: 'title', ref: words.ref, text: requireText(words.rest, 'title', 'title') };
    case 'invite':
    case 'uninvite':
      return { kind: words.word, ref: words.ref, users: parseUsers(words, words.word) };
    case 'private':
      return { kind: 'access', ref: words.ref, private: parseAccess(words) };
    case 'public-title':
      return parsePublicTitle(words);
    case 'public-impact':
      return { kind: 'public_impact', ref: words.ref, impact: parsePublicImpact(words.rest) };
    case 'summary':
    case 'impact':
    case 'action':
    case 'note':
      return { kind: words.word, ref: words.ref, text: requireText(words.rest, words.word, 'text') };
    case 'sev':
    case 'severity':
      return { kind: 'severity', ref: words.ref, severity: parseSeverity(words.rest) };
    case 'status':
      return { kind: 'status', ref: words.ref, status: parseStatus(words.rest) };
    case 'lead':
    case 'scribe':
    case 'comms':
      return parseRoleCommand(words, words.word);
    case 'unassign':
      return { kind: 'unassign', ref: words.ref, role: parseRole(words.rest) };
    case 'followup':
      return parseFollowup(words);
    case 'done':
      return { kind: 'done', itemId: parseItemId(words.rest) };
    case 'update':
      return parseUpdateCommand(words.ref, words.rest);
    case 'updates':
      requireNothing(words.rest, 'updates');
      return { kind: 'updates', ref: words.ref };
    case 'cancel':
      return parseCancelCommand(words.rest);
    case 'approve':
      return parseApproveCommand(words.rest);
    case 'snooze':
      return parseSnoozeCommand(words.ref, words.rest);
    case 'components':
      return parseComponentsCommand(words.ref, words.rest);
    case 'component':
      return parseComponent(words);
    case 'close':
      return { kind: 'close', ref: words.ref, override: parseOverride(words) };
    case 'review':
      return parseReview(words);
    case 'publish':
      return { kind: 'publish', ref: words.ref, confirm: parseConfirm(words.rest) };
    case 'unpublish':
      requireNothing(words.rest, 'unpublish');
      return { kind: 'unpublish', ref: words.ref };
    case 'followups':
      requireNothing(words.rest, 'followups');
      return { kind: 'followups' };
    case 'resolve':
    case 'reopen':
    case 'show':
      requireNothing(words.rest, words.word);
      return { kind: words.word, ref: words.ref };
    case 'page':
      return { kind: 'page', ref: words.ref, service: parseService(words.rest) };
    case 'call':
      requireNothing(words.rest, 'call');
      return { kind: 'call', ref: words.ref };
    case 'list':
      requireNothing(words.rest, 'list');
      return { kind: 'list' };
    case 'help':
      return { kind: 'help', topic: words.args[0] ?? null };
    default:
      throw unknownCommand(words.word);
  }
}

/**
 * Reads `[/][incident] <word> <args…>`: a leading `/` and the word `incident` are skipped, so
 * `/incident declare …`, `@Firebreak incident declare …` and `declare …` read the same.
 */
export function readCommandLine(input: string): CommandLine {
  const words = wordsOf(input);
  const first = words[0];
  if (first?.text.startsWith('/')) {
    if (first.text.length === 1) words.shift();
    else words[0] = { text: first.text.slice(1), start: first.start + 1, end: first.end };
  }
  if (words[0]?.text.toLowerCase() === 'incident') words.shift();
  const [command, ...args] = words;
  return { source: input, word: command ? command.text.toLowerCase() : '', args };
}

function splitWords(line: CommandLine): Words {
  if (!line.word) return wordsAfter('help', null, line.source, []);
  const ref = line.args[0] ? parseRef(line.args[0].text) : null;
  return wordsAfter(line.word, ref, line.source, ref ? line.args.slice(1) : line.args);
}

function wordsAfter(word: string, ref: string | null, source: string, args: readonly Word[]): Words {
  return {
    word,
    ref,
    args: args.map((each) => each.text),
    rest: textFrom(source, args),
    restAfter: (count) => textFrom(source, args, count),
  };
}

function requireText(text: string, word: string, field: string): string {
  if (!text) throw IncidentError.invalid(field, `\`${word}\` needs ${field}. Usage: \`${usageOf(word)}\``);
  if (text.length > MAX_TEXT_LENGTH)
    throw IncidentError.invalid(field, `That ${field} is too long (${MAX_TEXT_LENGTH} characters at most).`);
  return text;
}

function requireNothing(text: string, word: string): void {
  if (text)
    throw IncidentError.invalid('arguments', `\`${word}\` takes no text. Usage: \`${usageOf(word)}\``);
}

export function parseSeverity(text: string): Severity {
  const value = text.trim().toLowerCase();
  if (isSeverity(value)) return value;
  const alias = SEVERITY_ALIASES.get(value);
  if (alias) return alias;
  throw IncidentError.invalid(
    'severity',
    `${value ? `"${text.trim()}" is not a severity` : 'Give a severity'}. Choose one of: ${SEVERITIES.join(', ')}.`,
  );
}

export function parsePublicImpact(text: string): PublicImpact {
  const value = text.trim().toLowerCase();
  if (isPublicImpact(value)) return value;
  throw IncidentError.invalid(
    'impact',
    `${value ? `"${text.trim()}" is not a public impact` : 'Give the impact customers are shown'}. Choose one of: ${PUBLIC_IMPACTS.join(', ')}.`,
  );
}

/** `invite [INC-n] @a @b…`: every word a mention, at least one. */
function parseUsers(words: Words, word: string): string[] {
  const users = words.args.map(parseUserToken);
  if (users.length === 0 || users.some((user) => user === null))
    throw IncidentError.invalid('user', `Mention each person. Usage: \`${usageOf(word)}\``);
  return [...new Set(users as string[])];
}

/** `private [INC-n]` makes it private; `private [INC-n] --public` opens it to every responder again. */
function parseAccess(words: Words): boolean {
  if (words.args.length === 0) return true;
  if (words.args.length === 1 && words.args[0]!.toLowerCase() === '--public') return false;
  throw IncidentError.invalid('arguments', `Usage: \`${usageOf('private')}\``);
}

/** `public-title [INC-n] <text>`, or `public-title [INC-n] --confirm` to adopt the incident's title. */
function parsePublicTitle(words: Words): Command {
  const [only] = words.args;
  if (words.args.length === 1 && only!.toLowerCase() === '--confirm')
    return { kind: 'public_title', ref: words.ref, text: null };
  return {
    kind: 'public_title',
    ref: words.ref,
    text: requireText(words.rest, 'public-title', 'public title'),
  };
}

export function parseStatus(text: string): (typeof SETTABLE_STATUSES)[number] {
  const value = text.trim().toLowerCase();
  if (isSettableStatus(value)) return value;
  const hint = value === 'closed' ? ' To close a resolved incident use `close`.' : '';
  throw IncidentError.invalid(
    'status',
    `${value ? `"${text.trim()}" is not a status` : 'Give a status'}. Choose one of: ${SETTABLE_STATUSES.join(', ')}.${hint}`,
  );
}

function parseRole(text: string): AssignableRole {
  const value = text.trim().toLowerCase();
  if (isAssignableRole(value)) return value;
  throw IncidentError.invalid('role', `Choose a role: ${ASSIGNABLE_ROLES.join(', ')}.`);
}

/** `<@discord:123>` or a bare `discord:123`; anything else is not a user we can name. */
function parseUserToken(token: string): string | null {
  const mention = /^<@!?([^>\s]+)>$/.exec(token);
  const candidate = mention ? mention[1]! : token;
  return isParticipantId(candidate) ? candidate : null;
}

function parseOptionalUser(text: string, word: string): string | null {
  const value = text.trim();
  if (!value || value.toLowerCase() === 'me') return null;
  const user = parseUserToken(value);
  if (!user) {
    throw IncidentError.invalid(
      'user',
      `Mention the person to assign, or nothing to take the role yourself. Usage: \`${usageOf(word)}\``,
    );
  }
  return user;
}

/** `lead [INC-n] [@user] [--confirm]` */
function parseRoleCommand(words: Words, role: AssignableRole): Command {
  const last = words.args.length - 1;
  const confirm = last >= 0 && ['--confirm', 'confirm'].includes(words.args[last]!.toLowerCase());
  const user = words.args.slice(0, confirm ? last : undefined).join(' ');
  return { kind: 'role', ref: words.ref, role, user: parseOptionalUser(user, role), confirm };
}

function parseFollowup(words: Words): Command {
  let tokens = words.args;
  let dueAt: Date | null = null;
  if (tokens.length >= 2 && tokens[tokens.length - 2]!.toLowerCase() === 'due') {
    dueAt = parseDueDate(tokens[tokens.length - 1]!);
    tokens = tokens.slice(0, -2);
  }
  const owner = tokens.length > 1 ? parseUserToken(tokens[tokens.length - 1]!) : null;
  if (owner) tokens = tokens.slice(0, -1);
  const text = requireText(tokens.join(' '), 'followup', 'text');
  return { kind: 'followup', ref: words.ref, text, owner, dueAt };
}

function parseItemId(text: string): number {
  const value = text.trim().replace(/^#/, '');
  if (/^\d{1,9}$/.test(value)) return Number(value);
  throw IncidentError.invalid('id', `Give the item's number. Usage: \`${usageOf('done')}\``);
}

function parseComponent(words: Words): Command {
  const tokens = [...words.args];
  const status = tokens.pop()?.toLowerCase() ?? '';
  const component = tokens.join(' ');
  if (!component) throw IncidentError.invalid('component', `Usage: \`${usageOf('component')}\``);
  if (!isComponentStatus(status)) {
    throw IncidentError.invalid(
      'status',
      `"${status}" is not a component status. Choose one of: ${COMPONENT_STATUSES.join(', ')}.`,
    );
  }
  return { kind: 'component', ref: words.ref, component, status };
}

/** `close --override <reason>` closes despite an unfinished review or open follow-ups; the reason is logged. */
function parseOverride(words: Words): string | null {
  const [flag] = words.args;
  if (flag === undefined) return null;
  const reason = words.restAfter(1);
  if (!['override', '--override'].includes(flag.toLowerCase()) || !reason)
    throw IncidentError.invalid('arguments', `Usage: \`${usageOf('close')}\``);
  return reason;
}

function parseReview(words: Words): Command {
  const [first = '', ...rest] = words.args;
  const action = first.toLowerCase();
  if (action === 'done' || action === 'final') {
    requireNothing(rest.join(' '), 'review');
    return { kind: 'review_done', ref: words.ref };
  }
  if (action === 'refresh') {
    requireNothing(rest.join(' '), 'review');
    return { kind: 'review_refresh', ref: words.ref };
  }
  if (action === 'schedule') {
    if (!rest.length) throw IncidentError.invalid('time', `Usage: \`${usageOf('review')}\``);
    return { kind: 'review_schedule', ref: words.ref, when: parseTime(words.restAfter(1)) };
  }
  if (isReviewSection(action)) {
    return {
      kind: 'review',
      ref: words.ref,
      section: action,
      text: requireText(words.restAfter(1), 'review', 'text'),
    };
  }
  const sections = Object.keys(REVIEW_SECTIONS).join(', ');
  throw IncidentError.invalid(
    'section',
    `Which part of the review? Choose one of: ${sections}, or done, refresh, schedule. Usage: \`${usageOf('review')}\``,
  );
}

/** The longest service or escalation policy name `page` takes (PagerDuty allows 255 characters). */
export const MAX_SERVICE_NAME_LENGTH = 255;

/** `page [INC-n] [service or escalation policy]`: the name as typed, inner spacing kept; none is the default. */
function parseService(text: string): string | null {
  if (!text) return null;
  if (text.length > MAX_SERVICE_NAME_LENGTH)
    throw IncidentError.invalid(
      'service',
      `That service name is too long (${MAX_SERVICE_NAME_LENGTH} characters at most). Usage: \`${usageOf('page')}\``,
    );
  return text;
}

function parseConfirm(text: string): boolean {
  if (!text) return false;
  if (/^(?:--)?confirm$/i.test(text.trim())) return true;
  throw IncidentError.invalid('arguments', `Usage: \`${usageOf('publish')}\``);
}
