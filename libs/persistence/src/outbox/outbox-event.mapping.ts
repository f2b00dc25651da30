import type { DomainEvent, DomainEventType, OutboxEvent } from '@firebreak/incident';
import type { OutboxEventRow } from '../entities/outbox.entity.js';

export function toOutboxEventRow(event: DomainEvent): Omit<OutboxEventRow, 'position'> {
  return {
    type: event.type,
    incidentRef: event.incidentRef,
    occurredAt: event.occurredAt,
    payloadJson: JSON.stringify(event.payload),
  };
}

/** A stored row as consumers see it: payload parsed, `occurredAt` a Date. */
export function toOutboxEvent(row: OutboxEventRow): OutboxEvent {
  return {
    position: Number(row.position),
    type: row.type as DomainEventType,
    incidentRef: row.incidentRef,
    occurredAt: row.occurredAt,
    payload: JSON.parse(row.payloadJson) as OutboxEvent['payload'],
  };
}
