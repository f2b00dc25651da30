import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IncidentService } from '../commands/incident-service.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import { DOMAIN_EVENT_TYPES, type OutboxEvent } from './domain-event.js';
import { decodeStoredEvent, type StoredEvent } from './stored-event.js';

const AT = new Date('2026-03-01T10:00:00.000Z');
const stored = (type: string, payload: unknown, position = 9): StoredEvent => ({
  position,
  type,
  incidentRef: 'INC-1',
  occurredAt: AT,
  payload,
});
/** As the outbox stores it: the payload through JSON and back. */
const roundTrip = (event: OutboxEvent): StoredEvent => ({
  ...event,
  payload: JSON.parse(JSON.stringify(event.payload)),
});

/** The incident as version 1 wrote it into events: no start, milestones, components or spaces yet. */
const FIRST_VERSION_INCIDENT = {
  ref: 'INC-1',
  number: 1,
  title: 'Paiements refusés — café ☕',
  summary: null,
  impact: null,
  severity: 'major',
  status: 'investigating',
  roles: {},
  declaredAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
  declaredIn: { platform: 'discord', channelId: 'g/1' },
  version: 1,
};

describe(decodeStoredEvent.name, () => {
  it('reads back every event a realistic incident writes, unchanged', async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    const incidents = new IncidentService(unitOfWork, new FixedClock(AT));
    const lead = { actor: { id: 'discord:1', displayName: 'Zoë Ångström' }, location: null };
    await incidents.createComponent({ name: 'Paiements 💳' });
    for (const line of [
      'declare Card payments fail for customers in the EU region',
      'lead INC-1 <@discord:1>',
      'sev INC-1 critical',
      'summary INC-1 A certificate rotation left the payment gateway without its intermediate chain',
      'status INC-1 identified',
      'component INC-1 Paiements 💳 partial_outage',
      'public-title INC-1 Card payments in the EU',
      'public-impact INC-1 major',
      'update INC-1 We found the cause: an incomplete certificate chain. A fix is being rolled out now.',
      'resolve INC-1',
    ])
      await incidents.run(line, lead);

    const events = unitOfWork.events;
    expect(new Set(events.map((event) => event.type)).size).toBeGreaterThan(5);
    for (const event of events) expect(decodeStoredEvent(roundTrip(event))).toEqual({ event });
  });

  it('skips a type it does not know, saying which, instead of throwing', () => {
    expect(decodeStoredEvent(stored('incident.archived', { incident: FIRST_VERSION_INCIDENT }))).toEqual({
      event: null,
      position: 9,
      problem: 'unknown event type "incident.archived"',
    });
  });

  it('skips a payload that lacks what its type needs', () => {
    expect(
      decodeStoredEvent(stored('status_update.published', { incident: FIRST_VERSION_INCIDENT })),
    ).toEqual({
      event: null,
      position: 9,
      problem: 'status_update.published payload without object "update"',
    });
    expect(decodeStoredEvent(stored('chat.notice', 'not an object')).problem).toBe(
      'chat.notice without a payload object',
    );
  });

  it('reads an incident written before it had a start, milestones, components and spaces', () => {
    const { event } = decodeStoredEvent(stored('incident.declared', { incident: FIRST_VERSION_INCIDENT }));
    if (event?.type !== 'incident.declared') throw new Error('not decoded');
    expect(event.payload.incident).toMatchObject({
      startedAt: '2026-03-01T09:00:00.000Z',
      acknowledgedAt: null,
      mitigatedAt: null,
      componentIds: [],
      spaces: [],
    });
  });

  it('reads older reminders, notices and updates with the defaults they implied', () => {
    const message = { text: 'INC-1 needs a lead.' };
    const reminder = decodeStoredEvent(
      stored('reminder.due', {
        message,
        target: { kind: 'incident', ref: 'INC-1' },
        incident: FIRST_VERSION_INCIDENT,
      }),
    ).event;
    if (reminder?.type !== 'reminder.due') throw new Error('not decoded');
    expect(reminder.payload).toMatchObject({ mentions: [], kinds: [], key: 'event:9' });

    const update = { id: 1, incidentRef: 'INC-1', body: 'Investigating.', status: 'investigating' };
    const published = decodeStoredEvent(
      stored('status_update.published', { update, incident: FIRST_VERSION_INCIDENT }),
    ).event;
    if (published?.type !== 'status_update.published') throw new Error('not decoded');
    expect(published.payload.update.affectedComponents).toEqual([]);
  });

  it('never throws, whatever the row holds', () => {
    const anyType = fc.oneof(fc.constantFrom(...DOMAIN_EVENT_TYPES), fc.string());
    fc.assert(
      fc.property(anyType, fc.jsonValue(), (type, payload) => {
        const decoded = decodeStoredEvent(stored(type, payload));
        expect(decoded.event === null ? typeof decoded.problem : decoded.event.type).toBe(
          decoded.event === null ? 'string' : type,
        );
      }),
    );
  });
});
