import type { ReminderKind } from '../communications/communications.js';
import type { ReviewSection } from '../review/review.js';
import type { Component, ComponentStatus } from './component.js';
import type { ChatLocation, Incident, IncidentSpace } from './incident.js';
import type { IncidentStatus } from './incident-status.js';
import type { Maintenance } from './maintenance.js';
import type { NeutralMessage } from './neutral-message.js';
import type { Participant } from './participant.js';
import type { Role } from './role.js';
import type { Severity } from './severity.js';
import type { StatusUpdate } from './status-update.js';
import type { TimelineEntry } from './timeline-entry.js';
import type { CallProvider, PagerKind } from '../engagement/engagement.js';

/**
 * A value as it travels in the outbox: plain JSON, dates as ISO strings, so consumers never depend on class
 * instances and a stored event reads the same after a restart.
 */
export type Jsonified<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Jsonified<Item>[]
    : T extends object
      ? { -readonly [Key in keyof T]: Jsonified<T[Key]> }
      : T;

export type IncidentJson = Jsonified<Incident>;
export type StatusUpdateJson = Jsonified<StatusUpdate>;
export type ComponentJson = Jsonified<Component>;
export type TimelineEntryJson = Jsonified<TimelineEntry>;
export type MaintenanceJson = Jsonified<Maintenance>;

/** Turns a domain value into its outbox form. */
export const jsonified = <T>(value: T): Jsonified<T> => JSON.parse(JSON.stringify(value)) as Jsonified<T>;

/**
 * Where a chat notice goes: the incidents channel of every platform (or `only` the one named), or one
 * incident's own space.
 */
export type NoticeTarget =
  | { readonly kind: 'incidents_channel'; readonly only?: ChatLocation }
  | { readonly kind: 'incident'; readonly ref: string };

/** What changed in an `incident.changed` event, beside the incident as it now stands. */
export type IncidentChange =
  | {
      readonly change:
        | 'title'
        | 'summary'
        | 'impact'
        | 'components'
        | 'startedAt'
        | 'public_title'
        | 'public_impact'
        | 'access'
        | 'paged'
        | 'page_acknowledged'
        | 'call';
    }
  | { readonly change: 'severity'; readonly from: Severity }
  | {
      readonly change: 'role';
      readonly role: Role;
      readonly from: Participant | null;
      readonly to: Participant | null;
    };

/** Status transitions (`incident.resolved`, `.reopened`, `.closed`, or `.changed` between open statuses). */
export interface StatusChange {
  readonly change: 'status';
  readonly from: IncidentStatus;
}

export interface ReminderDuePayload {
  readonly kinds: readonly ReminderKind[];
  readonly message: NeutralMessage;
  /** Participant ids the message mentions (connectors turn them into native mentions). */
  readonly mentions: readonly string[];
  readonly incident: IncidentJson;
  /** Same shape as `chat.notice`: where to post, and a key stable per reminder for idempotent delivery. */
  readonly target: { readonly kind: 'incident'; readonly ref: string };
  readonly key: string;
}

export interface WriteUpEventPayload {
  readonly slug: string;
  readonly title: string;
}

/** The first publication of a write-up, which subscribers hear about (later edits only refresh the page). */
export interface WriteUpAnnouncement extends WriteUpEventPayload {
  readonly announce: true;
  readonly markdown: string;
  readonly publishedAt: string;
  readonly incident: IncidentJson;
  readonly latestUpdate: StatusUpdateJson | null;
}

/** Every outbox event type with the payload it carries. Incident events carry the incident after the change. */
export interface DomainEventPayloads {
  'incident.declared': { readonly incident: IncidentJson };
  /**
   * An incident no connector opens a channel for or announces: one recorded after it happened, or a private one
   * (the incidents channels get only a notice naming its reference and lead).
   */
  'incident.recorded': { readonly incident: IncidentJson };
  'incident.changed': (IncidentChange | StatusChange) & { readonly incident: IncidentJson };
  'incident.resolved': StatusChange & { readonly incident: IncidentJson };
  'incident.reopened': StatusChange & { readonly incident: IncidentJson };
  'incident.closed': StatusChange & { readonly incident: IncidentJson };
  'incident.space_attached': {
    readonly incident: IncidentJson;
    readonly space: Jsonified<IncidentSpace>;
    readonly isNew: boolean;
  };
  'timeline.entry_added': { readonly entry: TimelineEntryJson };
  'status_update.published': { readonly update: StatusUpdateJson; readonly incident: IncidentJson };
  'reminder.due': ReminderDuePayload;
  'maintenance.scheduled': { readonly maintenance: MaintenanceJson; readonly actor: Participant };
  'maintenance.cancelled': { readonly maintenance: MaintenanceJson; readonly actor: Participant };
  'write_up.published': WriteUpEventPayload | WriteUpAnnouncement;
  'write_up.unpublished': WriteUpEventPayload;
  'component.created': { readonly component: ComponentJson };
  'component.status_changed': {
    readonly component: ComponentJson;
    readonly oldStatus: ComponentStatus;
    readonly newStatus: ComponentStatus;
  };
  'review.drafted': { readonly revision: number };
  'review.edited': { readonly revision: number; readonly section: ReviewSection | null };
  'review.meeting_scheduled': { readonly at: string; readonly participants: readonly Participant[] };
  'chat.notice': { readonly target: NoticeTarget; readonly message: NeutralMessage; readonly key: string };
  /** `page`: a pager is asked to page the on-call lead (the pager and service, never its key). */
  'page.requested': { readonly pager: PagerKind; readonly service: string | null };
  /** `call`: a platform's connector is asked to open the incident's call and attach its link. */
  'call.requested': { readonly provider: CallProvider };
}

export type DomainEventType = keyof DomainEventPayloads;

/** Every type once: the compiler refuses this table when a type is added to the payloads and not here. */
const EVERY_TYPE: { readonly [T in DomainEventType]: true } = {
  'incident.declared': true,
  'incident.recorded': true,
  'incident.changed': true,
  'incident.resolved': true,
  'incident.reopened': true,
  'incident.closed': true,
  'incident.space_attached': true,
  'timeline.entry_added': true,
  'status_update.published': true,
  'reminder.due': true,
  'maintenance.scheduled': true,
  'maintenance.cancelled': true,
  'write_up.published': true,
  'write_up.unpublished': true,
  'component.created': true,
  'component.status_changed': true,
  'review.drafted': true,
  'review.edited': true,
  'review.meeting_scheduled': true,
  'chat.notice': true,
  'page.requested': true,
  'call.requested': true,
};

export const DOMAIN_EVENT_TYPES = Object.keys(EVERY_TYPE) as readonly DomainEventType[];

export const isDomainEventType = (value: string): value is DomainEventType =>
  Object.hasOwn(EVERY_TYPE, value);

/** One event of a given type. */
export interface DomainEventOf<T extends DomainEventType> {
  readonly type: T;
  readonly incidentRef: string | null;
  readonly occurredAt: Date;
  readonly payload: DomainEventPayloads[T];
}

/**
 * What happened, as written to the outbox in the same transaction as the change. Consumers (chat
 * delivery, status page, webhooks, reminders) read these by position, so none is lost in a crash; switching
 * on `type` narrows `payload`.
 */
export type DomainEvent = { [T in DomainEventType]: DomainEventOf<T> }[DomainEventType];

/** A domain event as stored: its position orders delivery and is the consumers' idempotency key. */
export type OutboxEvent = DomainEvent & { readonly position: number };

/** A stored event of one of the given types (`OutboxEventOf<'chat.notice' | 'reminder.due'>`). */
export type OutboxEventOf<T extends DomainEventType> = T extends DomainEventType
  ? DomainEventOf<T> & { readonly position: number }
  : never;

/** The event types whose payload carries the incident as it stands after the change. */
export type IncidentEventType = Extract<DomainEventType, `incident.${string}`>;

export function domainEvent<T extends DomainEventType>(
  type: T,
  incidentRef: string | null,
  occurredAt: Date,
  payload: DomainEventPayloads[T],
): DomainEventOf<T> {
  return { type, incidentRef, occurredAt, payload };
}
