import { message, type NeutralMessage } from '../../model/neutral-message.js';
import type { Command } from '../command.js';
import type { CommandScope } from '../command-scope.js';
import { requireNotClosed } from './closed-incident.js';
import { publicImpactLine } from './public-facts.handler.js';

type FactCommand = Extract<Command, { kind: 'summary' | 'impact' }>;

export async function setFact(scope: CommandScope, command: FactCommand): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  requireNotClosed(incident, `change its ${command.kind}`);
  scope.require(command.kind, { incident });
  const before = incident[command.kind];
  const saved = await scope.saveIncident(
    incident,
    { ...incident, [command.kind]: command.text },
    'incident.changed',
    {
      change: command.kind,
    },
  );
  const label = command.kind === 'summary' ? 'Summary' : 'Impact';
  scope.timeline(
    saved,
    `${command.kind}_changed`,
    `${label} ${before ? 'updated' : 'set'}: ${command.text}`,
    {
      data: { from: before, to: command.text },
    },
  );
  return message(`${label} of ${saved.ref} updated.`, { tone: 'success', incidentRef: saved.ref });
}

export async function setSeverity(
  scope: CommandScope,
  command: Extract<Command, { kind: 'severity' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  requireNotClosed(incident, 'change its severity');
  scope.require('severity', { incident });
  if (incident.severity === command.severity) {
    return message(`${incident.ref} is already ${command.severity}.`, { incidentRef: incident.ref });
  }
  const saved = await scope.saveIncident(
    incident,
    { ...incident, severity: command.severity },
    'incident.changed',
    {
      change: 'severity',
      from: incident.severity,
    },
  );
  scope.timeline(
    saved,
    'severity_changed',
    `Severity changed from ${incident.severity} to ${command.severity}`,
    {
      data: { from: incident.severity, to: command.severity },
    },
  );
  return message(`${saved.ref} is now ${command.severity}. ${publicImpactLine(saved)}`, {
    tone: 'success',
    incidentRef: saved.ref,
  });
}

export async function addNote(
  scope: CommandScope,
  command: Extract<Command, { kind: 'note' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  scope.require('timeline', { incident });
  scope.timeline(incident, 'note', command.text, {}, true);
  return message(`Noted in the timeline of ${incident.ref}.`, { tone: 'success', incidentRef: incident.ref });
}
