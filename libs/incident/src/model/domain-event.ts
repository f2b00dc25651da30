/**
 * What happened, as written to the outbox in the same transaction as the change. Consumers (chat
 * delivery, status page, webhooks, reminders) read these by position, so none is lost in a crash.
 */
export const DOMAIN_EVENT_TYPES = [
  'incident.declared',
  /**
   * An incident no connector opens a channel for or announces: one recorded after it happened, or a private one
   * (the incidents channels get only a notice naming its reference and lead).
   */
  'incident.recorded',
  'incident.changed',
  'incident.resolved',
  'incident.reopened',
  'incident.closed',
  'incident.space_attached',
  'timeline.entry_added',
  'status_update.published',
  'reminder.due',
  'maintenance.scheduled',
  'maintenance.cancelled',
  'write_up.published',
  'write_up.unpublished',
  'component.created',
  'component.status_changed',
  'review.drafted',
  'review.edited',
  'review.meeting_scheduled',
  'review.meeting_due',
  'chat.notice',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

export interface DomainEvent {
  readonly type: DomainEventType;
  readonly incidentRef: string | null;
  readonly occurredAt: Date;
  /** JSON-safe details; incident events carry the incident as it stands after the change. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** A domain event as stored: its position orders delivery and is the consumers' idempotency key. */
export interface OutboxEvent extends DomainEvent {
  readonly position: number;
}
