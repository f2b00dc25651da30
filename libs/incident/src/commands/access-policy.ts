import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { Incident } from '../model/incident.js';
import type { Participant } from '../model/participant.js';
import type { CommandContext } from './command-context.js';
import type { PermissionAction, PermissionPolicy, PermissionSubject } from './permission-policy.js';

/** The answer to a reference nobody may see or nothing has: the same either way. */
export const incidentNotFound = (ref: string): IncidentError =>
  new IncidentError(IncidentErrorCode.IncidentNotFound, `There is no incident ${ref}.`, 'ref');

/**
 * Someone signed in on the site, calling the API or writing in chat: who they are as chat knows them, and
 * whether they are a Firebreak administrator (by the rule chat applies, `isWorkspaceAdministrator`).
 */
export interface Viewer {
  readonly person: Participant;
  readonly administrator: boolean;
}

/**
 * What a person may see and do, on the site, the API and in chat alike. Seeing: every member of a set-up
 * workspace (signing in already checked membership) sees every ordinary incident, and a private one only if
 * invited or an administrator; doing: the permission policy, with administrators privileged. Commands, queries
 * and transports ask here instead of deciding for themselves.
 */
export class AccessPolicy {
  constructor(private readonly permissions: PermissionPolicy) {}

  maySee(viewer: Viewer, incident: Incident): boolean {
    if (!incident.private || viewer.administrator) return true;
    return incident.invitees.some((invitee) => invitee.id === viewer.person.id);
  }

  /**
   * Who runs a command, as seeing goes: privileged callers see private incidents unless their access leaves them
   * out (a limited API token).
   */
  viewerOf(context: CommandContext): Viewer {
    return {
      person: context.actor,
      administrator: context.privileged === true && context.privateAccess !== false,
    };
  }

  /** The incidents of `incidents` the viewer may see, in their order. */
  visible(viewer: Viewer, incidents: readonly Incident[]): Incident[] {
    return incidents.filter((incident) => this.maySee(viewer, incident));
  }

  /** Refuses as if the incident did not exist, so its reference tells an outsider nothing. */
  requireSee(viewer: Viewer, incident: Incident | null, ref: string): Incident {
    if (incident && this.maySee(viewer, incident)) return incident;
    throw incidentNotFound(ref);
  }

  /** Whether to offer the viewer an action (a tick box, an editor); the command still checks when run. */
  mayDo(action: PermissionAction, viewer: Viewer, subject: PermissionSubject): boolean {
    return viewer.administrator || this.permissions.allows(action, viewer.person, subject);
  }

  /** The context the viewer's commands run in, wherever they typed them. */
  commandContext(viewer: Viewer, extra: Partial<CommandContext> = {}): CommandContext {
    return { location: null, ...extra, actor: viewer.person, privileged: viewer.administrator };
  }
}
