import {
  AlertGroupRepository,
  type AlertGroup,
  type AlertGroupKey,
  type LoggedAlert,
} from '../alerts/alert-groups.js';
import { InMemoryCommunicationsState } from './in-memory-communications.js';
import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { ActionItem, FollowupDates, NewActionItem } from '../model/action-item.js';
import type { Component, ComponentStatusChange } from '../model/component.js';
import type { DomainEvent, OutboxEvent } from '../model/domain-event.js';
import type { Incident } from '../model/incident.js';
import type { IncidentMilestones } from '../model/milestones.js';
import type { Platform } from '../model/participant.js';
import type { NewStatusUpdate, StatusUpdate } from '../model/status-update.js';
import type { NewTimelineEntry, TimelineEntry } from '../model/timeline-entry.js';
import {
  ActionItemRepository,
  ComponentRepository,
  IdempotencyStore,
  IncidentRepository,
  Outbox,
  StatusUpdateRepository,
  TimelineRepository,
  UnitOfWork,
  type IncidentQuery,
  type IncidentStores,
  type RememberedAnswer,
  type TimelineQuery,
} from '../ports/repositories.js';
import type { IdempotencyScope } from '../commands/command-context.js';
import { MemoryMaintenances, MemoryWriteUps, type StatusPageState } from './in-memory-status-page-stores.js';
import { ReviewRepository, requireNextRevision, type Review, type ReviewRevision } from '../review/review.js';

/** Everything an in-memory backend holds; copied before each unit of work so a failure rolls back. */
interface State extends StatusPageState {
  incidents: Map<string, Incident>;
  timeline: TimelineEntry[];
  actions: ActionItem[];
  components: Map<string, Component>;
  componentChanges: ComponentStatusChange[];
  updates: StatusUpdate[];
  outbox: OutboxEvent[];
  /** By `<scope> <key>`. */
  idempotency: Map<string, RememberedAnswer>;
  communications: InMemoryCommunicationsState;
  reviews: Map<string, Review>;
  reviewRevisions: ReviewRevision[];
  /** By group (`sender`, newline, `groupKey`). */
  alertGroups: Map<string, AlertGroup>;
  loggedAlerts: Map<string, readonly LoggedAlert[]>;
}

const emptyState = (): State => ({
  incidents: new Map(),
  timeline: [],
  actions: [],
  components: new Map(),
  componentChanges: [],
  updates: [],
  outbox: [],
  idempotency: new Map(),
  communications: new InMemoryCommunicationsState(),
  maintenances: [],
  writeUps: new Map(),
  reviews: new Map(),
  reviewRevisions: [],
  alertGroups: new Map(),
  loggedAlerts: new Map(),
});

const copyState = (state: State): State => ({
  incidents: new Map(state.incidents),
  timeline: [...state.timeline],
  actions: [...state.actions],
  components: new Map(state.components),
  componentChanges: [...state.componentChanges],
  updates: [...state.updates],
  outbox: [...state.outbox],
  idempotency: new Map(state.idempotency),
  communications: state.communications.copy(),
  maintenances: [...state.maintenances],
  writeUps: new Map(state.writeUps),
  reviews: new Map(state.reviews),
  reviewRevisions: [...state.reviewRevisions],
  alertGroups: new Map(state.alertGroups),
  loggedAlerts: new Map(state.loggedAlerts),
});

/** The domain's ports kept in memory: for unit tests and domain-only benchmarks. */
export class InMemoryUnitOfWork extends UnitOfWork {
  state: State = emptyState();
  private queue: Promise<unknown> = Promise.resolve();

  run<T>(work: (stores: IncidentStores) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      const saved = copyState(this.state);
      try {
        return await work(storesOver(this.state));
      } catch (error) {
        this.state = saved;
        throw error;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  read<T>(work: (stores: IncidentStores) => Promise<T>): Promise<T> {
    return work(storesOver(this.state));
  }

  get events(): readonly OutboxEvent[] {
    return this.state.outbox;
  }
}

function storesOver(state: State): IncidentStores {
  return {
    incidents: new MemoryIncidents(state),
    timeline: new MemoryTimeline(state),
    actions: new MemoryActions(state),
    components: new MemoryComponents(state),
    updates: new MemoryUpdates(state),
    outbox: new MemoryOutbox(state),
    idempotency: new MemoryIdempotency(state),
    communications: state.communications.stores(),
    maintenances: new MemoryMaintenances(state),
    writeUps: new MemoryWriteUps(state),
    reviews: new MemoryReviews(state),
    alertGroups: new MemoryAlertGroups(state),
  };
}

class MemoryIncidents extends IncidentRepository {
  constructor(private readonly state: State) {
    super();
  }
  async nextNumber(): Promise<number> {
    return Math.max(0, ...[...this.state.incidents.values()].map((each) => each.number)) + 1;
  }
  async findByRef(ref: string): Promise<Incident | null> {
    return this.state.incidents.get(ref) ?? null;
  }
  async findBySpace(platform: Platform, channelId: string): Promise<Incident | null> {
    const all = [...this.state.incidents.values()];
    return (
      all.find((each) => each.spaces.some((s) => s.platform === platform && s.channelId === channelId)) ??
      null
    );
  }
  async list(query: IncidentQuery = {}): Promise<Incident[]> {
    const all = [...this.state.incidents.values()]
      .filter((each) => !query.statuses || query.statuses.includes(each.status))
      .filter(
        (each) => !query.published || this.state.updates.some((update) => update.incidentRef === each.ref),
      )
      .sort((a, b) => b.number - a.number);
    const offset = query.offset ?? 0;
    return all.slice(offset, offset + (query.limit ?? all.length));
  }
  async listMilestones(declaredFrom: Date): Promise<IncidentMilestones[]> {
    return [...this.state.incidents.values()]
      .filter((each) => each.declaredAt.getTime() >= declaredFrom.getTime())
      .sort((a, b) => a.declaredAt.getTime() - b.declaredAt.getTime() || a.number - b.number)
      .map((each) => ({
        ref: each.ref,
        severity: each.severity,
        componentIds: each.componentIds,
        declaredAt: each.declaredAt,
        startedAt: each.startedAt,
        acknowledgedAt: each.acknowledgedAt,
        mitigatedAt: each.mitigatedAt,
        resolvedAt: each.resolvedAt,
      }));
  }
  async save(incident: Incident, expectedVersion: number | null): Promise<void> {
    const stored = this.state.incidents.get(incident.ref);
    if (expectedVersion === null ? stored : stored?.version !== expectedVersion) {
      throw new IncidentError(
        IncidentErrorCode.Conflict,
        `${incident.ref} was changed by someone else; try again.`,
      );
    }
    this.state.incidents.set(incident.ref, incident);
  }
}

class MemoryTimeline extends TimelineRepository {
  constructor(private readonly state: State) {
    super();
  }
  async append(entries: readonly NewTimelineEntry[]): Promise<TimelineEntry[]> {
    const written = entries.map((entry, index) => ({ ...entry, id: this.state.timeline.length + index + 1 }));
    this.state.timeline.push(...written);
    return written;
  }
  async listFor(incidentRef: string, query: TimelineQuery = {}): Promise<TimelineEntry[]> {
    const entries = this.state.timeline.filter(
      (e) => e.incidentRef === incidentRef && e.id > (query.after ?? 0),
    );
    return entries.slice(0, query.limit ?? entries.length);
  }
  async countFor(incidentRef: string): Promise<number> {
    return this.state.timeline.filter((entry) => entry.incidentRef === incidentRef).length;
  }
}

class MemoryActions extends ActionItemRepository {
  constructor(private readonly state: State) {
    super();
  }
  async add(item: NewActionItem): Promise<ActionItem> {
    const stored = { ...item, id: this.state.actions.length + 1 };
    this.state.actions.push(stored);
    return stored;
  }
  async findById(id: number): Promise<ActionItem | null> {
    return this.state.actions.find((item) => item.id === id) ?? null;
  }
  async listFor(incidentRef: string): Promise<ActionItem[]> {
    return this.state.actions.filter((item) => item.incidentRef === incidentRef);
  }
  async listOpenFollowups(): Promise<ActionItem[]> {
    return this.state.actions.filter((item) => item.kind === 'followup' && item.state === 'open');
  }
  async listFollowupDates(since: Date): Promise<FollowupDates[]> {
    const atOrAfter = (date: Date | null) => date !== null && date.getTime() >= since.getTime();
    return this.state.actions
      .filter((item) => item.kind === 'followup')
      .filter((item) => atOrAfter(item.createdAt) || atOrAfter(item.doneAt) || atOrAfter(item.dueAt))
      .map((item) => ({
        id: item.id,
        incidentRef: item.incidentRef,
        severity: this.state.incidents.get(item.incidentRef)!.severity,
        createdAt: item.createdAt,
        dueAt: item.dueAt,
        doneAt: item.doneAt,
      }));
  }
  async save(item: ActionItem): Promise<void> {
    this.state.actions = this.state.actions.map((each) => (each.id === item.id ? item : each));
  }
}

class MemoryComponents extends ComponentRepository {
  constructor(private readonly state: State) {
    super();
  }
  async list(): Promise<Component[]> {
    return [...this.state.components.values()].sort((a, b) => a.position - b.position);
  }
  async findById(id: string): Promise<Component | null> {
    return this.state.components.get(id) ?? null;
  }
  async findByName(name: string): Promise<Component | null> {
    const wanted = name.toLowerCase();
    return [...this.state.components.values()].find((each) => each.name.toLowerCase() === wanted) ?? null;
  }
  async create(component: Component): Promise<void> {
    this.state.components.set(component.id, component);
  }
  async save(component: Component): Promise<void> {
    this.state.components.set(component.id, component);
  }
  async recordChange(change: ComponentStatusChange): Promise<void> {
    this.state.componentChanges.push(change);
  }
  async changesSince(since: Date): Promise<ComponentStatusChange[]> {
    return this.state.componentChanges.filter((change) => change.at >= since);
  }
}

class MemoryUpdates extends StatusUpdateRepository {
  constructor(private readonly state: State) {
    super();
  }
  async add(update: NewStatusUpdate): Promise<StatusUpdate> {
    const stored = { ...update, id: this.state.updates.length + 1 };
    this.state.updates.push(stored);
    return stored;
  }
  async listFor(incidentRef: string): Promise<StatusUpdate[]> {
    return this.state.updates.filter((update) => update.incidentRef === incidentRef).reverse();
  }
  async listForIncidents(incidentRefs: readonly string[]): Promise<StatusUpdate[]> {
    const wanted = new Set(incidentRefs);
    return this.state.updates.filter((update) => wanted.has(update.incidentRef)).reverse();
  }
}

class MemoryOutbox extends Outbox {
  constructor(private readonly state: State) {
    super();
  }
  async append(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) this.state.outbox.push({ ...event, position: this.state.outbox.length + 1 });
  }
}

class MemoryIdempotency extends IdempotencyStore {
  constructor(private readonly state: State) {
    super();
  }
  async find(key: string, scope = ''): Promise<RememberedAnswer | null> {
    return this.state.idempotency.get(`${scope} ${key}`) ?? null;
  }
  async remember(key: string, result: unknown, _at: Date, request?: IdempotencyScope): Promise<void> {
    const stored = `${request?.scope ?? ''} ${key}`;
    if (this.state.idempotency.has(stored))
      throw new IncidentError(IncidentErrorCode.Conflict, `The key ${key} is remembered already.`);
    this.state.idempotency.set(stored, { result, requestHash: request?.requestHash ?? null });
  }
}

class MemoryReviews extends ReviewRepository {
  constructor(private readonly state: State) {
    super();
  }
  async find(incidentRef: string): Promise<Review | null> {
    return this.state.reviews.get(incidentRef) ?? null;
  }
  async save(review: Review, expectedRevision: number | null, note: string): Promise<void> {
    requireNextRevision(review, expectedRevision);
    const stored = this.state.reviews.get(review.incidentRef);
    if (expectedRevision === null ? stored : stored?.revision !== expectedRevision) {
      throw new IncidentError(
        IncidentErrorCode.Conflict,
        `The ${review.incidentRef} review was changed by someone else; reload it and edit again.`,
      );
    }
    const sameMeeting = stored?.meetingAt?.getTime() === review.meetingAt?.getTime();
    const meetingRemindedAt = review.meetingAt && sameMeeting ? (stored?.meetingRemindedAt ?? null) : null;
    this.state.reviews.set(review.incidentRef, { ...review, meetingRemindedAt });
    const { incidentRef, revision, markdown, updatedBy: author, updatedAt: at } = review;
    this.state.reviewRevisions.push({ incidentRef, revision, markdown, author, at, note });
  }
  async revisions(incidentRef: string): Promise<ReviewRevision[]> {
    return this.state.reviewRevisions.filter((revision) => revision.incidentRef === incidentRef);
  }
  async meetingsDue(before: Date): Promise<Review[]> {
    return [...this.state.reviews.values()].filter(
      (review) =>
        review.meetingAt !== null && review.meetingAt <= before && review.meetingRemindedAt === null,
    );
  }
  async claimMeetingReminder(incidentRef: string, meetingAt: Date, at: Date): Promise<boolean> {
    const review = this.state.reviews.get(incidentRef);
    if (review?.meetingAt?.getTime() !== meetingAt.getTime() || review.meetingRemindedAt) return false;
    this.state.reviews.set(incidentRef, { ...review, meetingRemindedAt: at });
    return true;
  }
}

const groupId = (group: AlertGroupKey): string => `${group.sender}\n${group.groupKey}`;

class MemoryAlertGroups extends AlertGroupRepository {
  constructor(private readonly state: State) {
    super();
  }
  /** Units of work already take turns in memory. */
  async lock(): Promise<void> {}
  async find(group: AlertGroupKey): Promise<AlertGroup | null> {
    return this.state.alertGroups.get(groupId(group)) ?? null;
  }
  async save(group: AlertGroup, isNew: boolean): Promise<void> {
    if (isNew && this.state.alertGroups.has(groupId(group)))
      throw new IncidentError(
        IncidentErrorCode.Conflict,
        `The alert group ${group.groupKey} exists already.`,
      );
    this.state.alertGroups.set(groupId(group), group);
  }
  async loggedAlerts(group: AlertGroupKey, fingerprints: readonly string[]): Promise<LoggedAlert[]> {
    const wanted = new Set(fingerprints);
    return (this.state.loggedAlerts.get(groupId(group)) ?? []).filter((each) => wanted.has(each.fingerprint));
  }
  async logAlerts(group: AlertGroupKey, alerts: readonly LoggedAlert[]): Promise<void> {
    const logged = this.state.loggedAlerts.get(groupId(group)) ?? [];
    const same = (a: Pick<LoggedAlert, 'fingerprint' | 'startsAt'>, b: typeof a) =>
      a.fingerprint === b.fingerprint && a.startsAt.getTime() === b.startsAt.getTime();
    if (alerts.some((alert) => logged.some((each) => same(each, alert))))
      throw new IncidentError(IncidentErrorCode.Conflict, 'An alert firing is logged already.');
    this.state.loggedAlerts.set(groupId(group), [...logged, ...alerts]);
  }
  async markResolved(
    group: AlertGroupKey,
    alerts: readonly Pick<LoggedAlert, 'fingerprint' | 'startsAt'>[],
    at: Date,
  ): Promise<void> {
    const resolved = new Set(alerts.map((alert) => `${alert.fingerprint} ${alert.startsAt.toISOString()}`));
    const logged = this.state.loggedAlerts.get(groupId(group)) ?? [];
    this.state.loggedAlerts.set(
      groupId(group),
      logged.map((each) =>
        resolved.has(`${each.fingerprint} ${each.startsAt.toISOString()}`) && !each.resolvedAt
          ? { ...each, resolvedAt: at }
          : each,
      ),
    );
  }
}
