import { decodeStoredEvent, type DecodedEvent, type DomainEvent } from '@firebreak/incident';
import type { OutboxEventRow } from '../entities/outbox.entity.js';

export function toOutboxEventRow(event: DomainEvent): Omit<OutboxEventRow, 'position'> {
  return {
    type: event.type,
    incidentRef: event.incidentRef,
    occurredAt: event.occurredAt,
    payloadJson: JSON.stringify(event.payload),
  };
}

/** A stored row as consumers see it: type checked, payload parsed and upgraded, `occurredAt` a Date. */
export function toOutboxEvent(row: OutboxEventRow): DecodedEvent {
  const position = Number(row.position);
  let payload: unknown;
  try {
    payload = JSON.parse(row.payloadJson);
  } catch {
    return { event: null, position, problem: `${row.type} payload is not JSON` };
  }
  return decodeStoredEvent({
    position,
    type: row.type,
    incidentRef: row.incidentRef,
    occurredAt: row.occurredAt,
    payload,
  });
}
