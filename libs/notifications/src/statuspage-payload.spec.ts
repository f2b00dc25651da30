import {
  COMPONENT_STATUSES,
  IncidentService,
  MaintenanceService,
  type OutboxEvent,
} from '@firebreak/incident';
import { FixedClock, InMemoryUnitOfWork } from '@firebreak/incident/testing';
import {
  PublicStatusReader,
  ShownComponentsReader,
  statuspageV2Documents,
  type StatusPageIdentity,
} from '@firebreak/status';
import { beforeEach, describe, expect, it } from 'vitest';
import { statuspagePayload } from './statuspage-payload.js';

const NOW = new Date('2026-03-02T09:30:00.000Z');
const MINUTE = 60_000;
const identity: StatusPageIdentity = {
  id: 'acme',
  name: 'Acme Pagos',
  url: 'https://status.acme.test',
  timeZone: 'Europe/Madrid',
};
const lead = { actor: { id: 'discord:1', displayName: 'Zoë Ångström' }, location: null };
/** Outside an incident, only an administrator changes a component. */
const administrator = { ...lead, privileged: true };

describe(statuspagePayload.name, () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: FixedClock;
  let incidents: IncidentService;

  beforeEach(async () => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new FixedClock(NOW);
    incidents = new IncidentService(unitOfWork, clock);
    await incidents.createComponent({ name: 'Paiements 💳', group: 'Europa' });
    await incidents.createComponent({ name: 'API de reembolsos', group: 'Europa' });
    await incidents.createComponent({ name: 'Réplica París' });
  });

  const lastEvent = (type: OutboxEvent['type']) => unitOfWork.events.findLast((each) => each.type === type)!;

  /** What a subscriber receives for `event`, and what `/api/v2` answers at the same moment. */
  async function bothSides(event: OutboxEvent) {
    const shown = await new ShownComponentsReader(unitOfWork, clock).read();
    const webhook = statuspagePayload(event, identity, shown) as unknown as Record<string, never>;
    const snapshot = await new PublicStatusReader(unitOfWork, clock).snapshot();
    const documents = statuspageV2Documents(identity, snapshot) as Record<string, Record<string, never>>;
    const status = documents['status.json']!['status'] as { indicator: string; description: string };
    const components = documents['components.json']!['components'] as { id: string; group: boolean }[];
    return { webhook, status, components };
  }

  const byName = async (name: string) => (await incidents.components()).find((each) => each.name === name)!;

  describe('agrees with the JSON API', () => {
    for (const status of COMPONENT_STATUSES)
      for (const name of ['Paiements 💳', 'Réplica París'])
        it(`on the component and the page when ${name} is ${status}`, async () => {
          await incidents.run(
            `component ${name} ${status === 'operational' ? 'major_outage' : 'operational'}`,
            administrator,
          );
          await incidents.run(`component ${name} ${status}`, administrator);
          const {
            webhook,
            status: page,
            components,
          } = await bothSides(lastEvent('component.status_changed'));

          const component = await byName(name);
          expect(webhook['component']).toEqual(components.find((row) => row.id === component.id));
          expect(webhook['page']).toEqual({
            id: 'acme',
            status_indicator: page.indicator,
            status_description: page.description,
          });
          const group = components.find((row) => row.group);
          expect((webhook['component'] as { group_id: string | null }).group_id).toBe(
            component.group ? group!.id : null,
          );
        });

    it('on a component whose maintenance is in progress', async () => {
      const component = await byName('Réplica París');
      await new MaintenanceService(unitOfWork, clock).schedule(
        {
          title: 'Cambio de base de datos',
          body: 'Migramos la réplica de París a la nueva versión; las consultas pueden tardar más.',
          components: [component.name],
          scheduledFor: new Date(NOW.getTime() + MINUTE),
          scheduledUntil: new Date(NOW.getTime() + 60 * MINUTE),
        },
        lead.actor,
      );
      await incidents.run('component Réplica París degraded_performance', administrator);
      clock.advance(2 * MINUTE);
      const { webhook, status, components } = await bothSides(lastEvent('component.status_changed'));

      expect(webhook['component']).toEqual(components.find((row) => row.id === component.id));
      expect(webhook['component']).toMatchObject({ status: 'under_maintenance' });
      expect(webhook['page']).toMatchObject({ status_indicator: status.indicator });
      expect(status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });
    });

    it('on an incident update: its components and the page indicator', async () => {
      await incidents.run('declare Les paiements par carte échouent pour les clients en Europe', lead);
      await incidents.run('sev INC-1 critical', lead);
      await incidents.run('component INC-1 Paiements 💳 partial_outage', lead);
      await incidents.run('status INC-1 identified', lead);
      await incidents.run('public-title INC-1 Paiements par carte indisponibles', lead);
      await incidents.run('public-impact INC-1 critical', lead);
      await incidents.run(
        'update INC-1 Nous avons identifié un certificat expiré sur la passerelle ; le correctif est en cours de déploiement.',
        lead,
      );
      const { webhook, status, components } = await bothSides(lastEvent('status_update.published'));
      const incident = webhook['incident'] as { components: unknown[]; status: string; impact: string };
      const payments = await byName('Paiements 💳');

      expect(incident).toMatchObject({
        name: 'Paiements par carte indisponibles',
        status: 'identified',
        impact: 'critical',
      });
      expect(incident.components).toEqual([components.find((row) => row.id === payments.id)]);
      expect(webhook['page']).toEqual({
        id: 'acme',
        status_indicator: status.indicator,
        status_description: status.description,
      });
      expect(status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
    });
  });

  it('never shows the internal title or severity, even before a public impact was chosen', async () => {
    await incidents.run('declare Possible PII exposure - benefits eligibility S3 bucket public', lead);
    await incidents.run('sev INC-1 critical', lead);
    await incidents.run('public-title INC-1 Benefits site maintenance', lead);
    await incidents.run(
      'update INC-1 Estamos revisando el acceso al portal de prestaciones; algunas páginas pueden tardar más.',
      lead,
    );
    const { webhook } = await bothSides(lastEvent('status_update.published'));

    expect(webhook['incident']).toMatchObject({ name: 'Benefits site maintenance', impact: 'none' });
    expect(JSON.stringify(webhook)).not.toMatch(/PII|critical/);
  });

  it('ignores events subscribers do not hear about', async () => {
    await incidents.run('declare Slow checkout', lead);
    const shown = await new ShownComponentsReader(unitOfWork, clock).read();
    expect(statuspagePayload(lastEvent('incident.declared'), identity, shown)).toBeNull();
  });
});
