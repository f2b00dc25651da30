import { IncidentError, IncidentErrorCode } from '../../errors.js';
import type { Incident } from '../../model/incident.js';
import { canTransition, isActive, type IncidentStatus } from '../../model/incident-status.js';
import { message, type NeutralMessage } from '../../model/neutral-message.js';
import type { Command } from '../command.js';
import type { CommandScope } from '../command-scope.js';
import type { PermissionAction } from '../permission-policy.js';
import { closeBlocker, draftReviewIfMissing } from '../../review/review.handler.js';
import { withCallEnded, withPagesResolved } from '../../engagement/engagement.js';

type StatusCommand = Extract<Command, { kind: 'status' | 'resolve' | 'reopen' | 'close' }>;

export async function changeStatus(scope: CommandScope, command: StatusCommand): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  const target = targetStatus(incident, command);
  scope.require(permissionFor(incident, target), { incident });
  refuseIllegal(incident, target);
  const override = command.kind === 'close' ? command.override : null;
  if (target === 'closed') await refuseUnfinished(scope, incident, override);
  const saved = await scope.saveIncident(
    incident,
    withStatus(incident, target, scope.now),
    eventFor(incident, target),
    {
      change: 'status',
      from: incident.status,
    },
  );
  const kind = target === 'closed' ? 'closed' : 'status_changed';
  const why = override ? ` (override: ${override})` : '';
  scope.timeline(saved, kind, `Status changed from ${incident.status} to ${target}${why}`, {
    data: { from: incident.status, to: target, ...(override ? { override } : {}) },
  });
  if (target === 'resolved') await draftReviewIfMissing(scope, saved);
  return message(confirmation(saved), { tone: 'success', incidentRef: saved.ref });
}

async function refuseUnfinished(
  scope: CommandScope,
  incident: Incident,
  override: string | null,
): Promise<void> {
  if (override) return;
  const blocker = await closeBlocker(scope, incident);
  if (blocker) {
    throw new IncidentError(
      IncidentErrorCode.IllegalTransition,
      `${blocker} To close anyway: \`close --override <reason>\`.`,
    );
  }
}

function targetStatus(incident: Incident, command: StatusCommand): IncidentStatus {
  switch (command.kind) {
    case 'status':
      return command.status;
    case 'resolve':
      return 'resolved';
    case 'close':
      return 'closed';
    case 'reopen':
      if (incident.status !== 'resolved') {
        throw new IncidentError(
          IncidentErrorCode.IllegalTransition,
          `${incident.ref} is ${incident.status}: only a resolved incident can be reopened.`,
        );
      }
      return 'investigating';
  }
}

/** Closing and reopening have rules of their own; every other move is the lead's call. */
function permissionFor(incident: Incident, target: IncidentStatus): PermissionAction {
  if (target === 'closed') return 'close';
  if (incident.status === 'resolved' && isActive(target)) return 'reopen';
  return 'status';
}

function refuseIllegal(incident: Incident, target: IncidentStatus): void {
  if (incident.status === target) {
    throw new IncidentError(IncidentErrorCode.IllegalTransition, `${incident.ref} is already ${target}.`);
  }
  if (canTransition(incident.status, target)) return;
  const reason =
    incident.status === 'closed'
      ? `${incident.ref} is closed; closed incidents cannot change.`
      : `${incident.ref} is still ${incident.status}: resolve it before closing.`;
  throw new IncidentError(IncidentErrorCode.IllegalTransition, reason, 'status');
}

/** Resolving resolves the open pages (the pager is told so); closing ends the call. */
function withStatus(incident: Incident, status: IncidentStatus, now: Date): Incident {
  if (status === 'resolved') return { ...withPagesResolved(incident, now), status, resolvedAt: now };
  if (status === 'closed') return { ...withCallEnded(incident, now), status, closedAt: now };
  return { ...incident, status, resolvedAt: isActive(status) ? null : incident.resolvedAt };
}

function eventFor(incident: Incident, target: IncidentStatus) {
  if (target === 'resolved') return 'incident.resolved' as const;
  if (target === 'closed') return 'incident.closed' as const;
  if (incident.status === 'resolved') return 'incident.reopened' as const;
  return 'incident.changed' as const;
}

function confirmation(incident: Incident): string {
  if (incident.status === 'resolved') {
    return `${incident.ref} is resolved. The post-incident review is drafted; post a final public update with \`update\`, then \`close\` once the review is done.`;
  }
  if (incident.status === 'closed') return `${incident.ref} is closed.`;
  return `${incident.ref} is now ${incident.status}.`;
}
