import { IncidentError, IncidentErrorCode } from '../../errors.js';
import type { Incident } from '../../model/incident.js';
import { message, type NeutralMessage } from '../../model/neutral-message.js';
import { DEFAULT_PUBLIC_IMPACT } from '../../model/public-impact.js';
import type { Command } from '../command.js';
import type { CommandScope } from '../command-scope.js';
import { requireNotClosed } from './closed-incident.js';

/*
 * What customers read is chosen, never derived: the internal title and severity are the responders' words
 * (often sensitive: "Possible PII exposure - benefits bucket public"), so the public title and impact are set
 * on their own, by the communications lead, and changing the internal facts leaves them as they are.
 */

/** `title [INC-n] <text>`: renames the incident for responders; the public title does not follow. */
export async function renameIncident(
  scope: CommandScope,
  command: Extract<Command, { kind: 'title' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  requireNotClosed(incident, 'rename it');
  scope.require('title', { incident });
  if (incident.title === command.text)
    return message(`${incident.ref} is already called "${command.text}".`, { incidentRef: incident.ref });
  const saved = await scope.saveIncident(incident, { ...incident, title: command.text }, 'incident.changed', {
    change: 'title',
  });
  scope.timeline(saved, 'title_changed', `Title changed from "${incident.title}" to "${command.text}"`, {
    data: { from: incident.title, to: command.text },
  });
  return message(`${saved.ref} is now called "${saved.title}". ${publicTitleLine(saved)}`, {
    tone: 'success',
    incidentRef: saved.ref,
  });
}

/** `public-title [INC-n] <text>` chooses what customers read; `--confirm` adopts the title as it stands. */
export async function setPublicTitle(
  scope: CommandScope,
  command: Extract<Command, { kind: 'public_title' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  requireNotClosed(incident, 'change its public title');
  scope.require('public_facts', { incident });
  const chosen = command.text ?? incident.title;
  if (incident.publicTitle === chosen)
    return message(`Customers already read ${incident.ref} as "${chosen}".`, { incidentRef: incident.ref });
  const saved = await scope.saveIncident(incident, { ...incident, publicTitle: chosen }, 'incident.changed', {
    change: 'public_title',
  });
  const how = command.text === null ? 'confirmed from the title' : incident.publicTitle ? 'changed' : 'set';
  scope.timeline(saved, 'public_title_changed', `Public title ${how}: "${chosen}"`, {
    data: { from: incident.publicTitle, to: chosen },
  });
  return message(`Customers will read ${saved.ref} as "${chosen}".`, {
    tone: 'success',
    incidentRef: saved.ref,
  });
}

/** `public-impact [INC-n] <none|minor|major|critical>`: the impact customers are shown. */
export async function setPublicImpact(
  scope: CommandScope,
  command: Extract<Command, { kind: 'public_impact' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  requireNotClosed(incident, 'change its public impact');
  scope.require('public_facts', { incident });
  if (incident.publicImpact === command.impact)
    return message(`Customers are already shown impact ${command.impact}.`, { incidentRef: incident.ref });
  const saved = await scope.saveIncident(
    incident,
    { ...incident, publicImpact: command.impact },
    'incident.changed',
    { change: 'public_impact' },
  );
  const before = incident.publicImpact ?? DEFAULT_PUBLIC_IMPACT;
  scope.timeline(
    saved,
    'public_impact_changed',
    `Public impact changed from ${before} to ${command.impact}`,
    {
      data: { from: incident.publicImpact, to: command.impact },
    },
  );
  return message(`Customers are now shown ${saved.ref}'s impact as ${command.impact}.`, {
    tone: 'success',
    incidentRef: saved.ref,
  });
}

/**
 * Nothing is published about an incident customers have no name for: the first public update (or write-up)
 * waits until the communications lead chose a public title or confirmed the internal one.
 */
export function requirePublicTitle(incident: Incident): string {
  if (incident.publicTitle) return incident.publicTitle;
  throw IncidentError.invalid(
    'publicTitle',
    `Customers have no name for ${incident.ref} yet, so nothing was published. Choose what they read with ` +
      `\`public-title ${incident.ref} <text>\`, or confirm the title ("${incident.title}") with ` +
      `\`public-title ${incident.ref} --confirm\`, then publish again.`,
  );
}

/** Nothing about a private incident reaches the status page, its feeds or subscribers. */
export function requirePublic(incident: Incident): void {
  if (!incident.private) return;
  throw new IncidentError(
    IncidentErrorCode.IllegalTransition,
    `${incident.ref} is private, so nothing about it is published; nothing was. \`private ${incident.ref} --public\` (the lead) would make it visible to every responder first.`,
  );
}

/** The reply's reminder that what customers read did not change with the internal facts. */
export function publicTitleLine(incident: Incident): string {
  return incident.publicTitle
    ? `Customers still read "${incident.publicTitle}" (\`public-title\` changes it).`
    : 'It has no public title yet (`public-title` chooses one).';
}

/** The reply's reminder that the public impact did not follow the severity. */
export function publicImpactLine(incident: Incident): string {
  return `Customers are still shown impact ${incident.publicImpact ?? DEFAULT_PUBLIC_IMPACT} (\`public-impact\` changes it).`;
}
