import type { AlertGroupRepository } from '../alerts/alert-groups.js';
import type { IdempotencyScope } from '../commands/command-context.js';
import type { CommunicationsStores } from '../communications/communications.js';
import type { ActionItem, FollowupDates, NewActionItem } from '../model/action-item.js';
import type { Component, ComponentStatusChange } from '../model/component.js';
import type { DomainEvent } from '../model/domain-event.js';
import type { Incident } from '../model/incident.js';
import type { IncidentStatus } from '../model/incident-status.js';
import type { IncidentMilestones } from '../model/milestones.js';
import type { Platform } from '../model/participant.js';
import type { NewStatusUpdate, StatusUpdate } from '../model/status-update.js';
import type { NewTimelineEntry, TimelineEntry } from '../model/timeline-entry.js';
import type { MaintenanceRepository, WriteUpRepository } from './status-page-repositories.js';
import type { ReviewRepository } from '../review/review.js';

export interface IncidentQuery {
  readonly statuses?: readonly IncidentStatus[];
  /** Only incidents with at least one published status update (what the status page may show). */
  readonly published?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

export abstract class IncidentRepository {
  /** The next incident number; references are never reused. */
  abstract nextNumber(): Promise<number>;
  abstract findByRef(ref: string): Promise<Incident | null>;
  /** The incident whose dedicated channel/conversation this is. */
  abstract findBySpace(platform: Platform, channelId: string): Promise<Incident | null>;
  /** Newest first. */
  abstract list(query?: IncidentQuery): Promise<Incident[]>;
  /** The milestones of every incident declared at or after `declaredFrom`, oldest first: a narrow read. */
  abstract listMilestones(declaredFrom: Date): Promise<IncidentMilestones[]>;
  /**
   * Inserts when `expectedVersion` is null, else updates only if the stored version still equals it
   * (throws `IncidentError` with code `conflict` otherwise). The stored version becomes `incident.version`.
   */
  abstract save(incident: Incident, expectedVersion: number | null): Promise<void>;
}

export interface TimelineQuery {
  readonly limit?: number;
  /** Entries with id greater than this. */
  readonly after?: number;
}

export abstract class TimelineRepository {
  abstract append(entries: readonly NewTimelineEntry[]): Promise<TimelineEntry[]>;
  /** Oldest first. */
  abstract listFor(incidentRef: string, query?: TimelineQuery): Promise<TimelineEntry[]>;
  abstract countFor(incidentRef: string): Promise<number>;
}

export abstract class ActionItemRepository {
  abstract add(item: NewActionItem): Promise<ActionItem>;
  abstract findById(id: number): Promise<ActionItem | null>;
  abstract listFor(incidentRef: string): Promise<ActionItem[]>;
  abstract listOpenFollowups(): Promise<ActionItem[]>;
  /** Follow-ups opened, done or due at or after `since`, oldest first: a narrow read. */
  abstract listFollowupDates(since: Date): Promise<FollowupDates[]>;
  abstract save(item: ActionItem): Promise<void>;
}

export abstract class ComponentRepository {
  abstract list(): Promise<Component[]>;
  abstract findById(id: string): Promise<Component | null>;
  /** Case-insensitive. */
  abstract findByName(name: string): Promise<Component | null>;
  abstract create(component: Component): Promise<void>;
  abstract save(component: Component): Promise<void>;
  abstract recordChange(change: ComponentStatusChange): Promise<void>;
  /** Oldest first, changes at or after `since`. */
  abstract changesSince(since: Date): Promise<ComponentStatusChange[]>;
}

export abstract class StatusUpdateRepository {
  abstract add(update: NewStatusUpdate): Promise<StatusUpdate>;
  /** Newest first. */
  abstract listFor(incidentRef: string): Promise<StatusUpdate[]>;
  /** The updates of all these incidents in one read, newest first. */
  abstract listForIncidents(incidentRefs: readonly string[]): Promise<StatusUpdate[]>;
}

export abstract class Outbox {
  abstract append(events: readonly DomainEvent[]): Promise<void>;
}

/** What a command answered under a key, with the hash of the request that first used the key (API calls). */
export interface RememberedAnswer {
  readonly result: unknown;
  readonly requestHash: string | null;
}

/**
 * Remembers what a command answered, keyed by the platform's message or interaction id (unique on its own: the
 * empty scope) or by an API caller's `Idempotency-Key` within its scope (caller and route).
 */
export abstract class IdempotencyStore {
  abstract find(key: string, scope?: string): Promise<RememberedAnswer | null>;
  abstract remember(key: string, result: unknown, at: Date, request?: IdempotencyScope): Promise<void>;
}

/** Everything one command may touch, bound to one transaction. */
export interface IncidentStores {
  readonly incidents: IncidentRepository;
  readonly timeline: TimelineRepository;
  readonly actions: ActionItemRepository;
  readonly components: ComponentRepository;
  readonly updates: StatusUpdateRepository;
  readonly outbox: Outbox;
  readonly idempotency: IdempotencyStore;
  /** Scheduled updates, drafts, reminders and templates: the communications lead's tools. */
  readonly communications: CommunicationsStores;
  readonly maintenances: MaintenanceRepository;
  readonly writeUps: WriteUpRepository;
  readonly reviews: ReviewRepository;
  /** Alert groups and the firings logged for them. */
  readonly alertGroups: AlertGroupRepository;
}

/** Runs work in one transaction: all of its writes (and its outbox events) commit together or not at all. */
export abstract class UnitOfWork {
  abstract run<T>(work: (stores: IncidentStores) => Promise<T>): Promise<T>;
  /** Reads outside a transaction. */
  abstract read<T>(work: (stores: IncidentStores) => Promise<T>): Promise<T>;
}
