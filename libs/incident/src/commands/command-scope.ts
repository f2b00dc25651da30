import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { DomainEvent, DomainEventType } from '../model/domain-event.js';
import type { Incident } from '../model/incident.js';
import { withMilestones } from '../model/milestones.js';
import { participant, type Participant } from '../model/participant.js';
import type { NewTimelineEntry, TimelineEntryKind } from '../model/timeline-entry.js';
import type { IncidentStores } from '../ports/repositories.js';
import type { CommandContext } from './command-context.js';
import type { CommandSettings } from './command-settings.js';
import { notFound, requireVisible, seesEveryIncident } from './incident-access.js';
import type { PermissionAction, PermissionSubject } from './permission-policy.js';

/** What a handler works with: the stores of the current transaction, the time, who is asking, and the settings. */
export class CommandScope {
  private readonly events: DomainEvent[] = [];
  private readonly entries: NewTimelineEntry[] = [];

  constructor(
    readonly stores: IncidentStores,
    readonly now: Date,
    readonly context: CommandContext,
    readonly settings: CommandSettings,
  ) {}

  get actor(): Participant {
    return this.context.actor;
  }

  /** The named incident, or the one whose channel this is. */
  async incident(ref: string | null): Promise<Incident> {
    if (ref) return this.incidentByRef(ref);
    const location = this.context.location;
    const implied = location
      ? await this.stores.incidents.findBySpace(location.platform, location.channelId)
      : null;
    if (implied) return requireVisible(implied, this.actor, seesEveryIncident(this.context));
    throw new IncidentError(
      IncidentErrorCode.IncidentRequired,
      'Which incident? Name it (e.g. `sev INC-3 critical`) or run the command in the incident channel.',
      'ref',
    );
  }

  async incidentByRef(ref: string): Promise<Incident> {
    const incident = await this.stores.incidents.findByRef(ref);
    if (incident) return requireVisible(incident, this.actor, seesEveryIncident(this.context));
    throw notFound(ref);
  }

  /** Refuses, naming who may, unless the actor may do `action` (the installation's permission policy). */
  require(action: PermissionAction, subject: PermissionSubject): void {
    this.settings.permissions.require(action, this.actor, this.context.privileged === true, subject);
  }

  /** Whether the actor may do `action`, for commands that ask rather than refuse. */
  may(action: PermissionAction, subject: PermissionSubject): boolean {
    return this.context.privileged === true || this.settings.permissions.allows(action, this.actor, subject);
  }

  /** A mentioned user, with the display name the platform gave for them. */
  user(id: string): Participant {
    return participant(id, this.context.mentioned?.[id]);
  }

  timeline(
    incident: Incident,
    kind: TimelineEntryKind,
    text: string,
    extra: Partial<NewTimelineEntry> = {},
  ): void {
    this.entries.push({
      incidentRef: incident.ref,
      kind,
      at: this.now,
      author: this.actor,
      text,
      message: null,
      data: {},
      ...extra,
    });
  }

  event(type: DomainEventType, incidentRef: string | null, payload: Record<string, unknown>): void {
    this.events.push({ type, incidentRef, occurredAt: this.now, payload });
  }

  /** Saves a changed incident with its timeline entries and an event carrying the new state. */
  async saveIncident(
    before: Incident | null,
    after: Incident,
    type: DomainEventType,
    details: Record<string, unknown> = {},
  ): Promise<Incident> {
    const saved: Incident = {
      ...withMilestones(before, after, this.now),
      updatedAt: this.now,
      version: (before?.version ?? 0) + 1,
    };
    await this.stores.incidents.save(saved, before ? before.version : null);
    this.event(type, saved.ref, { ...details, incident: serializeIncident(saved) });
    return saved;
  }

  /** Writes what the command produced besides the incident row: timeline entries and outbox events. */
  async flush(): Promise<void> {
    if (this.entries.length > 0) {
      const written = await this.stores.timeline.append(this.entries.splice(0));
      for (const entry of written) {
        this.event('timeline.entry_added', entry.incidentRef, { entry: JSON.parse(JSON.stringify(entry)) });
      }
    }
    if (this.events.length > 0) await this.stores.outbox.append(this.events.splice(0));
  }
}

/** Incidents travel in events as plain JSON (ISO dates) so consumers never depend on class instances. */
export function serializeIncident(incident: Incident): Record<string, unknown> {
  return JSON.parse(JSON.stringify(incident)) as Record<string, unknown>;
}
