import { IncidentError } from '../../errors.js';
import type { Incident } from '../../model/incident.js';
import { refOf, startOf } from '../../model/incident.js';
import { describeInstant, resolvePastTime } from '../../model/requested-time.js';
import { message, type NeutralMessage } from '../../model/neutral-message.js';
import type { Severity } from '../../model/severity.js';
import { draftReviewIfMissing } from '../../review/review.handler.js';
import type { Command } from '../command.js';
import type { CommandScope } from '../command-scope.js';
import type { PastTimes } from '../declare-command.js';
import { incidentHeadline } from '../incident-messages.js';
import { privateIncidentNotice } from './incident-access.handler.js';

/** Severity until someone sets it: a new incident is treated as major until assessed. */
const DEFAULT_SEVERITY: Severity = 'major';

/** How far back an incident may be recorded: the insights look back five years at most. */
const PAST_LIMIT_MS = 5 * 366 * 86_400_000;

type DeclareCommand = Extract<Command, { kind: 'declare' }>;

export async function declareIncident(scope: CommandScope, command: DeclareCommand): Promise<NeutralMessage> {
  if (command.past) return recordPastIncident(scope, command, command.past);
  const number = await scope.stores.incidents.nextNumber();
  const incident = newIncident(scope, command, number, {
    startedAt: startOf(scope.now, command.startedAt ? [command.startedAt] : []),
  });
  // No connector opens a space for a private incident yet (its channel would be public): the incidents
  // channels hear only its reference and lead.
  const saved = await scope.saveIncident(
    null,
    incident,
    incident.private ? 'incident.recorded' : 'incident.declared',
  );
  scope.made({ kind: 'incident', incident: saved });
  if (saved.private) privateIncidentNotice(scope, saved);
  scope.timeline(saved, 'declared', `Incident declared by ${scope.actor.displayName}: ${saved.title}`, {
    data: declaredData(saved),
  });
  const headline = incidentHeadline(
    saved,
    await scope.stores.components.list(),
    scope.settings.links.document(saved.ref),
  );
  return { ...headline, text: `Declared ${saved.ref}. ${headline.text}` };
}

/**
 * `declare --past`: an incident that already happened is recorded, not run. Its timeline starts when it started,
 * it goes straight to resolved (with its review drafted) when it is over, and its `incident.recorded` event is
 * one no connector opens a channel for or announces, so nobody is pinged; reminders skip it.
 */
async function recordPastIncident(
  scope: CommandScope,
  command: DeclareCommand,
  past: PastTimes,
): Promise<NeutralMessage> {
  const startedAt = resolvePastTime(past.started, scope.now, PAST_LIMIT_MS, 'started');
  const resolvedAt = past.resolved
    ? resolvePastTime(past.resolved, scope.now, PAST_LIMIT_MS, 'resolved')
    : null;
  if (resolvedAt && resolvedAt.getTime() <= startedAt.getTime())
    throw IncidentError.invalid(
      'resolved',
      `It cannot be resolved (${describeInstant(resolvedAt)}) before it started (${describeInstant(startedAt)}).`,
    );
  const number = await scope.stores.incidents.nextNumber();
  const incident = newIncident(scope, command, number, {
    startedAt,
    retrospective: true,
    ...(resolvedAt ? { status: 'resolved', resolvedAt, mitigatedAt: resolvedAt } : {}),
  });
  const saved = await scope.saveIncident(null, incident, 'incident.recorded');
  scope.made({ kind: 'incident', incident: saved });
  scope.timeline(saved, 'declared', `Incident started: ${saved.title}`, {
    at: startedAt,
    data: { ...declaredData(saved), recordedAt: scope.now.toISOString() },
  });
  if (resolvedAt)
    scope.timeline(saved, 'status_changed', 'Status changed from investigating to resolved', {
      at: resolvedAt,
      data: { from: 'investigating', to: 'resolved' },
    });
  scope.timeline(saved, 'note', `Recorded after it happened by ${scope.actor.displayName}.`);
  if (resolvedAt) await draftReviewIfMissing(scope, saved);
  const span = resolvedAt
    ? `from ${describeInstant(startedAt)} to ${describeInstant(resolvedAt)}; its review is drafted`
    : `since ${describeInstant(startedAt)}`;
  return message(
    `Recorded ${saved.ref}, which happened ${span}. No channel was opened and nobody was notified.`,
    {
      title: `${saved.ref}: ${saved.title}`,
      tone: 'success',
      incidentRef: saved.ref,
    },
  );
}

function newIncident(
  scope: CommandScope,
  command: DeclareCommand,
  number: number,
  overrides: Partial<Incident> & Pick<Incident, 'startedAt'>,
): Incident {
  return {
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
    updatedAt: scope.now,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    retrospective: false,
    private: command.private === true,
    invitees: command.private ? [scope.actor] : [],
    declaredIn: scope.context.location ?? { platform: 'api', channelId: 'api' },
    spaces: [],
    version: 0,
    ...overrides,
  };
}

const declaredData = (incident: Incident): Record<string, unknown> => ({
  severity: incident.severity,
  publicTitle: incident.publicTitle,
  publicImpact: incident.publicImpact,
});
