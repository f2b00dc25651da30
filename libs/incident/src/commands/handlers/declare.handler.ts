import type { Incident } from '../../model/incident.js';
import { refOf, startOf } from '../../model/incident.js';
import type { NeutralMessage } from '../../model/neutral-message.js';
import type { Severity } from '../../model/severity.js';
import type { Command } from '../command.js';
import type { CommandScope } from '../command-scope.js';
import { incidentHeadline } from '../incident-messages.js';

/** Severity until someone sets it: a new incident is treated as major until assessed. */
export const DEFAULT_SEVERITY: Severity = 'major';

export async function declareIncident(
  scope: CommandScope,
  command: Extract<Command, { kind: 'declare' }>,
): Promise<NeutralMessage> {
  const number = await scope.stores.incidents.nextNumber();
  const incident: Incident = {
    ref: refOf(number),
    number,
    title: command.title,
    publicTitle: command.publicTitle ?? null,
    publicImpact: command.publicImpact ?? null,
    summary: command.summary ?? null,
    impact: command.impact ?? null,
    severity: command.severity ?? DEFAULT_SEVERITY,
    status: 'investigating',
    roles: { reporter: scope.actor },
    componentIds: [...new Set(command.componentIds ?? [])],
    declaredAt: scope.now,
    startedAt: startOf(scope.now, command.startedAt ? [command.startedAt] : []),
    updatedAt: scope.now,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    declaredIn: scope.context.location ?? { platform: 'api', channelId: 'api' },
    spaces: [],
    version: 0,
  };
  const saved = await scope.saveIncident(null, incident, 'incident.declared');
  scope.timeline(saved, 'declared', `Incident declared by ${scope.actor.displayName}: ${saved.title}`, {
    data: { severity: saved.severity, publicTitle: saved.publicTitle, publicImpact: saved.publicImpact },
  });
  const headline = incidentHeadline(saved, await scope.stores.components.list());
  return { ...headline, text: `Declared ${saved.ref}. ${headline.text}` };
}
