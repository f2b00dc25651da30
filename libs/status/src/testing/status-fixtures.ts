import type { Component, Incident, IncidentStores } from '@firebreak/incident';

/** Builders for the status read model's specs: values written straight into the domain's stores. */
export const T0 = new Date('2026-03-10T00:00:00.000Z');
export const at = (iso: string): Date => new Date(iso);

export function aComponent(id: string, overrides: Partial<Component> = {}): Component {
  return {
    id,
    name: id.toUpperCase(),
    group: null,
    description: null,
    status: 'operational',
    position: 1,
    createdAt: at('2025-01-01T00:00:00.000Z'),
    updatedAt: at('2025-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

export function anIncident(number: number, overrides: Partial<Incident> = {}): Incident {
  return {
    ref: `INC-${number}`,
    number,
    title: `Checkout fails ${number}`,
    publicTitle: `Checkout is slow ${number}`,
    publicImpact: 'minor',
    retrospective: false,
    private: false,
    invitees: [],
    summary: 'INTERNAL SUMMARY',
    impact: 'INTERNAL IMPACT NOTE',
    severity: 'major',
    status: 'investigating',
    roles: { lead: { id: 'discord:1', displayName: 'Secret Lead Person' } },
    componentIds: ['api'],
    declaredAt: T0,
    startedAt: T0,
    updatedAt: T0,
    acknowledgedAt: T0,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    declaredIn: { platform: 'discord', channelId: 'guild/general' },
    spaces: [],
    version: 1,
    ...overrides,
  };
}

export async function publish(
  stores: IncidentStores,
  ref: string,
  body: string,
  when: Date,
  status = 'investigating',
) {
  return stores.updates.add({
    incidentRef: ref,
    body,
    status: status as Incident['status'],
    affectedComponents: [
      { componentId: 'api', name: 'API', oldStatus: 'operational', newStatus: 'major_outage' },
    ],
    author: { id: 'discord:1', displayName: 'Secret Lead Person' },
    publishedAt: when,
  });
}
