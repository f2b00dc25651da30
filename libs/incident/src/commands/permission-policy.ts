import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { Incident } from '../model/incident.js';
import type { Participant } from '../model/participant.js';
import { ROLE_TITLES, type Role } from '../model/role.js';

/**
 * Who an action can be permitted to: a role on the incident, the person who owns what is acted on (the owner
 * of an action or follow-up, the holder of a role), or anyone who can run commands. Administrators (a
 * command's `privileged` context) may always act.
 */
const PERMITTED = ['anyone', 'lead', 'comms', 'scribe', 'reporter', 'owner', 'holder'] as const;
export type Permitted = (typeof PERMITTED)[number];

interface Rule {
  /** What the action does, completing "… may …". */
  readonly does: string;
  readonly who: readonly Permitted[];
}

/**
 * Who may do what, stated once: every handler asks this table, and `help` shows it. It follows the incident
 * process the team works by: the lead sets the facts, severity and status and closes; the communications lead
 * owns what customers read; owners close their follow-ups; anyone may declare, take a role nobody holds and
 * add to the record; a role someone holds moves with their consent or on the lead's word.
 */
const PERMISSIONS = {
  title: { does: 'rename the incident', who: ['lead'] },
  access: { does: 'invite or uninvite people, or make the incident private or not', who: ['lead'] },
  summary: { does: 'set the summary', who: ['lead'] },
  impact: { does: 'describe the impact', who: ['lead'] },
  severity: { does: 'set the severity', who: ['lead'] },
  status: { does: 'change the status or resolve the incident', who: ['lead'] },
  reopen: { does: 'reopen a resolved incident', who: ['anyone'] },
  close: { does: 'close the incident', who: ['lead'] },
  role_take: { does: 'take or assign a role nobody holds', who: ['anyone'] },
  role_transfer: { does: 'move or unassign a role someone holds', who: ['holder', 'lead'] },
  timeline: { does: 'log actions and notes, and pin messages', who: ['anyone'] },
  followup: { does: 'add follow-ups', who: ['anyone'] },
  action_done: { does: 'mark an action done', who: ['owner', 'lead', 'scribe'] },
  followup_done: { does: 'mark a follow-up done', who: ['owner', 'lead'] },
  update: { does: 'publish, schedule or cancel public updates and approve drafts', who: ['comms'] },
  update_draft: { does: 'propose a public update', who: ['lead', 'scribe', 'comms'] },
  component: { does: 'change the public status of components', who: ['comms'] },
  public_facts: { does: 'choose the public title and the public impact', who: ['comms'] },
  snooze: { does: 'snooze reminders', who: ['lead', 'comms'] },
  review: { does: 'edit or refresh the post-incident review', who: ['lead', 'scribe'] },
  review_done: { does: 'mark the review done', who: ['lead'] },
  review_schedule: { does: 'schedule the review meeting', who: ['lead'] },
  write_up: { does: 'preview, edit, publish or unpublish the public write-up', who: ['lead', 'comms'] },
} as const satisfies Record<string, Rule>;

export type PermissionAction = keyof typeof PERMISSIONS;
export const PERMISSION_ACTIONS = Object.keys(PERMISSIONS) as PermissionAction[];

/**
 * A vacant role is acted for by another, so an incident nobody has organised yet is never stuck: the lead
 * covers the communications lead and the scribe, and until someone takes the lead, the reporter covers it.
 */
const STAND_INS: Readonly<Record<Exclude<Role, 'reporter'>, Role>> = {
  lead: 'reporter',
  comms: 'lead',
  scribe: 'lead',
};

/** Who `owner` and `holder` mean depends on what is acted on. */
const ONLY_FOR: Readonly<Partial<Record<Permitted, readonly PermissionAction[]>>> = {
  owner: ['action_done', 'followup_done'],
  holder: ['role_transfer'],
};

/** What an action is done to: the incident (null outside one), and whoever owns the thing acted on. */
export interface PermissionSubject {
  readonly incident: Incident | null;
  /** The owner of the action or follow-up (its creator when nobody owns it). */
  readonly owner?: Participant | null;
  /** The holder of the role being moved. */
  readonly holder?: Participant | null;
}

/** Who may do what on this installation: the table above, loosened where the operator configured it. */
export class PermissionPolicy {
  private constructor(private readonly rules: ReadonlyMap<PermissionAction, readonly Permitted[]>) {}

  static readonly standard = new PermissionPolicy(
    new Map(PERMISSION_ACTIONS.map((action) => [action, PERMISSIONS[action].who])),
  );

  /** Who may do `action` (besides administrators). */
  whoMay(action: PermissionAction): readonly Permitted[] {
    return this.rules.get(action)!;
  }

  allows(action: PermissionAction, actor: Participant, subject: PermissionSubject): boolean {
    return this.whoMay(action).some((who) => isPermitted(who, actor, subject));
  }

  /** Refuses, naming who may, unless `actor` may do `action` or is an administrator. */
  require(
    action: PermissionAction,
    actor: Participant,
    privileged: boolean,
    subject: PermissionSubject,
  ): void {
    if (privileged || this.allows(action, actor, subject)) return;
    throw new IncidentError(IncidentErrorCode.NotPermitted, this.refusal(action, subject));
  }

  /** `help`'s line for an action: "set the severity: the Incident Lead". */
  describe(action: PermissionAction): string {
    return `${PERMISSIONS[action].does}: ${this.whoMay(action).map(describeWho).join(', ')}`;
  }

  /** This policy with more people allowed: an operator may loosen the standard rules, never tighten them. */
  loosenedBy(additions: ReadonlyMap<PermissionAction, readonly Permitted[]>): PermissionPolicy {
    if (additions.size === 0) return this;
    const rules = new Map(this.rules);
    for (const [action, who] of additions) rules.set(action, [...new Set([...rules.get(action)!, ...who])]);
    return new PermissionPolicy(rules);
  }

  private refusal(action: PermissionAction, subject: PermissionSubject): string {
    const does = PERMISSIONS[action].does;
    const incident = subject.incident;
    if (!incident)
      return `Only an administrator may ${does} outside an incident: name the incident, or run the command in its channel.`;
    const who = this.whoMay(action).map((each) => whoOn(each, incident, subject));
    return `Only ${who.join(' or ')} of ${incident.ref}, or an administrator, may ${does}.`;
  }
}

function isPermitted(who: Permitted, actor: Participant, subject: PermissionSubject): boolean {
  switch (who) {
    case 'anyone':
      return true;
    case 'owner':
      return subject.owner?.id === actor.id;
    case 'holder':
      return subject.holder?.id === actor.id;
    default:
      return subject.incident !== null && actsAs(who, subject.incident, actor);
  }
}

/** Whether `actor` holds `role` on the incident, or stands in for it while it is vacant. */
function actsAs(role: Role, incident: Incident, actor: Participant): boolean {
  const holder = incident.roles[role];
  if (holder) return holder.id === actor.id;
  return role !== 'reporter' && actsAs(STAND_INS[role], incident, actor);
}

function describeWho(who: Permitted): string {
  if (who === 'anyone') return 'anyone';
  if (who === 'owner') return 'its owner (or creator)';
  if (who === 'holder') return 'whoever holds the role';
  const standIn = who === 'reporter' ? '' : ` (while vacant: the ${roleName(STAND_INS[who])})`;
  return `the ${roleName(who)}${standIn}`;
}

/** Who may, on this incident, with names: "the Incident Lead (Alice)". */
function whoOn(who: Permitted, incident: Incident, subject: PermissionSubject): string {
  if (who === 'owner') return `its owner (${subject.owner?.displayName ?? 'nobody'})`;
  if (who === 'holder') return `the role's holder (${subject.holder?.displayName ?? 'nobody'})`;
  if (who === 'anyone') return 'anyone';
  return `the ${roleName(who)} (${actingName(who, incident)})`;
}

/** "Alice", or "vacant: the reporter, Dana" down the chain of stand-ins. */
function actingName(role: Role, incident: Incident): string {
  const holder = incident.roles[role];
  if (holder) return holder.displayName;
  if (role === 'reporter') return 'nobody';
  const standIn = STAND_INS[role];
  return `vacant, so the ${roleName(standIn)}: ${actingName(standIn, incident)}`;
}

const roleName = (role: Role): string => (role === 'reporter' ? 'reporter' : ROLE_TITLES[role]);

/** The operator's loosening, read from `action:who+who,action:who` (e.g. `severity:anyone`). */
export interface PermissionSettings {
  readonly policy: PermissionPolicy;
  /** Every entry that could not be read, each saying why; the policy leaves them out. */
  readonly problems: readonly string[];
}

export function readPermissionSettings(text: string): PermissionSettings {
  const additions = new Map<PermissionAction, Permitted[]>();
  const problems: string[] = [];
  for (const entry of text.split(',').map((each) => each.trim())) {
    if (!entry) continue;
    const read = readEntry(entry);
    if (typeof read === 'string') problems.push(read);
    else additions.set(read.action, [...(additions.get(read.action) ?? []), ...read.who]);
  }
  return { policy: PermissionPolicy.standard.loosenedBy(additions), problems };
}

function readEntry(entry: string): { action: PermissionAction; who: Permitted[] } | string {
  const colon = entry.indexOf(':');
  if (colon < 0) return `"${entry}" is not action:who (e.g. severity:anyone)`;
  const action = entry.slice(0, colon).trim().toLowerCase();
  if (!isPermissionAction(action))
    return `"${action}" is not an action; the actions are ${PERMISSION_ACTIONS.join(', ')}`;
  const who = entry
    .slice(colon + 1)
    .split('+')
    .map((each) => each.trim().toLowerCase());
  for (const each of who) {
    if (!isPermittedWord(each)) return `"${each}" (for ${action}) is not one of ${PERMITTED.join(', ')}`;
    const only = ONLY_FOR[each];
    if (only && !only.includes(action))
      return `"${each}" applies only to ${only.join(', ')}, not to ${action}`;
  }
  return { action, who: who as Permitted[] };
}

const isPermissionAction = (value: string): value is PermissionAction => Object.hasOwn(PERMISSIONS, value);
const isPermittedWord = (value: string): value is Permitted =>
  (PERMITTED as readonly string[]).includes(value);
