import { isDomainEventType, type DomainEventType, type OutboxEvent } from './domain-event.js';

/** An outbox row as read back, before its type and payload are checked. */
export interface StoredEvent {
  readonly position: number;
  readonly type: string;
  readonly incidentRef: string | null;
  readonly occurredAt: Date;
  readonly payload: unknown;
}

export type DecodedEvent =
  | { readonly event: OutboxEvent; readonly problem?: undefined }
  | { readonly event: null; readonly position: number; readonly problem: string };

type JsonObject = Record<string, unknown>;
type KeyCheck = 'object' | 'string' | 'number';

/** The fields each type must carry for its consumers; anything missing but defaultable is filled first. */
const REQUIRED: { readonly [T in DomainEventType]: Readonly<Record<string, KeyCheck>> } = {
  'incident.declared': { incident: 'object' },
  'incident.recorded': { incident: 'object' },
  'incident.changed': { incident: 'object' },
  'incident.resolved': { incident: 'object' },
  'incident.reopened': { incident: 'object' },
  'incident.closed': { incident: 'object' },
  'incident.space_attached': { incident: 'object', space: 'object' },
  'timeline.entry_added': { entry: 'object' },
  'status_update.published': { update: 'object', incident: 'object' },
  'reminder.due': { message: 'object', target: 'object', incident: 'object' },
  'maintenance.scheduled': { maintenance: 'object', actor: 'object' },
  'maintenance.cancelled': { maintenance: 'object', actor: 'object' },
  'write_up.published': { slug: 'string', title: 'string' },
  'write_up.unpublished': { slug: 'string', title: 'string' },
  'component.created': { component: 'object' },
  'component.status_changed': { component: 'object', oldStatus: 'string', newStatus: 'string' },
  'review.drafted': { revision: 'number' },
  'review.edited': { revision: 'number' },
  'review.meeting_scheduled': { at: 'string' },
  'chat.notice': { message: 'object', target: 'object' },
  'page.requested': { pager: 'string' },
  'call.requested': { provider: 'string' },
};

/**
 * Reads a stored outbox row as a typed event. Rows written by earlier versions still read: fields added since
 * get the value they implied (an incident without `startedAt` started when it was declared, a reminder without
 * `mentions` mentions nobody). A row whose type this version does not know, or whose payload lacks what its
 * type needs, is reported rather than thrown, so the caller can skip it instead of stopping its consumer.
 */
export function decodeStoredEvent(stored: StoredEvent): DecodedEvent {
  const { position, type } = stored;
  if (!isDomainEventType(type)) return { event: null, position, problem: `unknown event type "${type}"` };
  if (!isObject(stored.payload))
    return { event: null, position, problem: `${type} without a payload object` };
  const payload = upgraded(type, stored.payload, position);
  for (const [key, check] of Object.entries(REQUIRED[type])) {
    if (!hasKind(payload[key], check))
      return { event: null, position, problem: `${type} payload without ${check} "${key}"` };
  }
  // Checked above against what the type's consumers read; the rest of the payload is as the domain wrote it.
  const event = { position, type, incidentRef: stored.incidentRef, occurredAt: stored.occurredAt, payload };
  return { event: event as OutboxEvent };
}

function upgraded(type: DomainEventType, payload: JsonObject, position: number): JsonObject {
  const result: JsonObject = { ...payload };
  if (isObject(result['incident'])) result['incident'] = upgradedIncident(result['incident']);
  if (type === 'status_update.published' && isObject(result['update']))
    result['update'] = { affectedComponents: [], ...result['update'] };
  if (type === 'reminder.due') Object.assign(result, { mentions: [], kinds: [], ...payload });
  if (type === 'review.edited') Object.assign(result, { section: null, ...payload });
  if (type === 'review.meeting_scheduled') Object.assign(result, { participants: [], ...payload });
  if ((type === 'chat.notice' || type === 'reminder.due') && typeof result['key'] !== 'string')
    result['key'] = `event:${position}`;
  return result;
}

/** Incidents gained their start, milestones, components, spaces, public facts and access over time. */
function upgradedIncident(incident: JsonObject): JsonObject {
  return {
    publicTitle: null,
    publicImpact: null,
    retrospective: false,
    private: false,
    invitees: [],
    componentIds: [],
    spaces: [],
    roles: {},
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    ...incident,
    startedAt: incident['startedAt'] ?? incident['declaredAt'],
  };
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function hasKind(value: unknown, check: KeyCheck): boolean {
  return check === 'object' ? isObject(value) : typeof value === check;
}
