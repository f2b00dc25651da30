import type { DomainEvent, Incident, NewTimelineEntry } from '@firebreak/incident';

/** Domain values for persistence specs; times carry milliseconds on purpose. */
export const DECLARED_AT = new Date('2026-03-04T05:06:07.089Z');

export function anIncident(number: number, overrides: Partial<Incident> = {}): Incident {
  return {
    ref: `INC-${number}`,
    number,
    title: `Checkout fails ${number}`,
    publicTitle: null,
    publicImpact: null,
    retrospective: false,
    private: false,
    invitees: [],
    summary: null,
    impact: 'Customers cannot pay',
    severity: 'major',
    status: 'investigating',
    roles: {
      reporter: { id: 'discord:1', displayName: 'Ada' },
      lead: { id: 'teams:29:abc', displayName: 'Grace' },
    },
    componentIds: ['api', 'checkout'],
    declaredAt: DECLARED_AT,
    startedAt: DECLARED_AT,
    updatedAt: new Date(DECLARED_AT.getTime() + 1),
    acknowledgedAt: new Date(DECLARED_AT.getTime() + 1),
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    declaredIn: { platform: 'discord', channelId: 'guild-1/general' },
    spaces: [],
    version: 1,
    ...overrides,
  };
}

export function aTimelineEntry(incidentRef: string, text: string, at = DECLARED_AT): NewTimelineEntry {
  return {
    incidentRef,
    kind: 'note',
    at,
    author: { id: 'discord:1', displayName: 'Ada' },
    text,
    message: null,
    data: {},
  };
}

/** An event with a payload of its own (a review revision), told apart by `revision`. */
export function anEvent(incidentRef: string | null, revision = 1): DomainEvent {
  return { type: 'review.drafted', incidentRef, occurredAt: DECLARED_AT, payload: { revision } };
}
