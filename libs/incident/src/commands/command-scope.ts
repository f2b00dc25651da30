import { IncidentError, IncidentErrorCode } from '../errors.js';
import {
  domainEvent,
  jsonified,
  type DomainEvent,
  type DomainEventPayloads,
  type DomainEventType,
  type IncidentEventType,
  type IncidentJson,
} from '../model/domain-event.js';
import type { Incident } from '../model/incident.js';
import { withMilestones } from '../model/milestones.js';
import { participant, type Participant } from '../model/participant.js';
import type { NewTimelineEntry, TimelineEntryKind } from '../model/timeline-entry.js';
import type { IncidentStores } from '../ports/repositories.js';
import type { Viewer } from './access-policy.js';
import type { CommandContext } from './command-context.js';
import type { CommandRecord } from './command-record.js';
import type { CommandSettings } from './command-settings.js';
import type { PermissionAction, PermissionSubject } from './permission-policy.js';

/** What a handler works with: the stores of the current transaction, the time, who is asking, and the settings. */
export class CommandScope {
  private readonly events: DomainEvent[] = [];
  private readonly entries: NewTimelineEntry[] = [];
  /** Timeline entries that are what the command made (a note), reported once written and given ids. */
  private readonly madeEntries = new Set<NewTimelineEntry>();
  private readonly madeRecords: CommandRecord[] = [];

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
    if (implied) return this.settings.access.requireSee(this.viewer, implied, implied.ref);
    throw new IncidentError(
      IncidentErrorCode.IncidentRequired,
      'Which incident? Name it (e.g. `sev INC-3 critical`) or run the command in the incident channel.',
      'ref',
    );
  }

  async incidentByRef(ref: string): Promise<Incident> {
    const incident = await this.stores.incidents.findByRef(ref);
    return this.settings.access.requireSee(this.viewer, incident, ref);
  }

  /** The one running the command, as the access policy decides what they may see. */
  get viewer(): Viewer {
    return this.settings.access.viewerOf(this.context);
  }

  /** Refuses, naming who may, unless the actor may do `action` (the installation's permission policy). */
  require(action: PermissionAction, subject: PermissionSubject): void {
    this.settings.permissions.require(action, this.actor, this.context.privileged === true, subject);
  }

  /** Whether the actor may do `action`, for commands that ask rather than refuse. */
  may(action: PermissionAction, subject: PermissionSubject): boolean {
    return this.context.privileged === true || this.settings.permissions.allows(action, this.actor, subject);
  }

  /**
   * A user named by id (a mention, an API call's `owner`), with the display name the platform gave for them,
   * else the one the incident already knows them by (the actor, its role holders, the owners and authors of
   * its actions and follow-ups), else named by platform.
   */
  async user(id: string, incident: Incident): Promise<Participant> {
    const mentioned = this.context.mentioned?.[id];
    if (mentioned) return participant(id, mentioned);
    if (id === this.actor.id) return this.actor;
    const holder = Object.values(incident.roles).find((each) => each?.id === id);
    if (holder) return holder;
    const items = await this.stores.actions.listFor(incident.ref);
    const known = items.flatMap((item) => [item.owner, item.createdBy]).find((each) => each?.id === id);
    return known ?? participant(id);
  }

  /** What the command created or changed, for its result; in the order it happened. */
  get records(): readonly CommandRecord[] {
    return this.madeRecords;
  }

  made(record: CommandRecord): void {
    this.madeRecords.push(record);
  }

  /** Queues a timeline entry; `made` reports it in the command's records once written (a note). */
  timeline(
    incident: Incident,
    kind: TimelineEntryKind,
    text: string,
    extra: Partial<NewTimelineEntry> = {},
    made = false,
  ): void {
    const entry: NewTimelineEntry = {
      incidentRef: incident.ref,
      kind,
      at: this.now,
      author: this.actor,
      text,
      message: null,
      data: {},
      ...extra,
    };
    this.entries.push(entry);
    if (made) this.madeEntries.add(entry);
  }

  event<T extends DomainEventType>(
    type: T,
    incidentRef: string | null,
    payload: DomainEventPayloads[T],
  ): void {
    this.record(domainEvent(type, incidentRef, this.now, payload) as DomainEvent);
  }

  /** An event built elsewhere (e.g. a chat notice), written with this command's others. */
  record(event: DomainEvent): void {
    this.events.push(event);
  }

  /** Saves a changed incident with its timeline entries and an event carrying the new state. */
  async saveIncident<T extends IncidentEventType>(
    before: Incident | null,
    after: Incident,
    type: T,
    ...[details]: IncidentEventDetails<T>
  ): Promise<Incident> {
    const saved: Incident = {
      ...withMilestones(before, after, this.now),
      updatedAt: this.now,
      version: (before?.version ?? 0) + 1,
    };
    await this.stores.incidents.save(saved, before ? before.version : null);
    // The details and the incident make up the payload of `type`; TypeScript cannot see that through `Omit`.
    const payload = { ...details, incident: serializeIncident(saved) } as DomainEventPayloads[T];
    this.event(type, saved.ref, payload);
    return saved;
  }

  /** Writes what the command produced besides the incident row: timeline entries and outbox events. */
  async flush(): Promise<void> {
    if (this.entries.length > 0) {
      const queued = this.entries.splice(0);
      const written = await this.stores.timeline.append(queued);
      written.forEach((entry, index) => {
        if (this.madeEntries.has(queued[index]!)) this.made({ kind: 'timeline_entry', entry });
      });
      for (const entry of written) {
        this.event('timeline.entry_added', entry.incidentRef, { entry: jsonified(entry) });
      }
    }
    if (this.events.length > 0) await this.stores.outbox.append(this.events.splice(0));
  }
}

/** Incidents travel in events as plain JSON (ISO dates) so consumers never depend on class instances. */
export function serializeIncident(incident: Incident): IncidentJson {
  return jsonified(incident);
}

/** What an incident event carries beside the incident; nothing more for `incident.declared` or `.recorded`. */
type IncidentEventDetails<T extends IncidentEventType> = T extends 'incident.declared' | 'incident.recorded'
  ? []
  : [details: DistributiveOmit<DomainEventPayloads[T], 'incident'>];

type DistributiveOmit<T, Key extends PropertyKey> = T extends unknown ? Omit<T, Key> : never;
