import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentService } from '../commands/incident-service.js';
import type { NeutralMessage } from '../model/neutral-message.js';
import type { Participant } from '../model/participant.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { aNotification, anAlert, resolvedAt } from '../testing/alert-notifications.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import { AlertIntake } from './alert-intake.js';
import { AlertRouting } from './alert-routes.js';

const alertmanager: Participant = { id: 'api:alertmanager', displayName: 'alertmanager' };
const api: Participant = { id: 'api:ops', displayName: 'ops' };

describe(AlertIntake.name, () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: FixedClock;
  let incidents: IncidentService;
  let sut: AlertIntake;

  const routing = AlertRouting.from([
    {
      name: 'checkout pages',
      matchers: ['service="checkout"', 'severity=~"critical|page"'],
      action: 'declare',
      severity: 'critical',
      components: ['Checkout API', 'Ledger'],
      channel: 'discord:1100',
    },
    {
      name: 'warnings',
      matchers: ['severity="warning"'],
      action: 'notify',
      channel: 'teams:19:ops@thread.tacv2',
    },
  ]);
  const timelineOf = (ref: string) => incidents.timeline(ref);
  const notices = () =>
    unitOfWork.events
      .filter((event) => event.type === 'chat.notice')
      .map((event) => event.payload as { target: unknown; message: NeutralMessage });

  beforeEach(async () => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new FixedClock(new Date('2026-03-01T09:45:00.000Z'));
    incidents = new IncidentService(unitOfWork, clock);
    sut = new AlertIntake(unitOfWork, clock, routing);
    await incidents.createComponent({ name: 'Checkout API', group: 'Payments' });
  });

  describe('a firing group', () => {
    const first = anAlert('checkout-1:9100', { startsAt: new Date('2026-03-01T09:41:12.345Z') });
    const second = anAlert('checkout-2:9100', { startsAt: new Date('2026-03-01T09:39:58.001Z') });

    it('declares an incident titled from its annotations, reported by the source, started at its earliest alert', async () => {
      const result = await sut.receive(aNotification([first, second]), alertmanager);

      expect(result).toEqual({
        outcome: 'declared',
        incidentRef: 'INC-1',
        route: 'checkout pages',
        newAlerts: 2,
        resolvedAlerts: 0,
      });
      const incident = await incidents.getIncident('INC-1');
      expect(incident).toMatchObject({
        title: 'Checkout p99 latency above 2 s — Zahlungen in Zürich & São Paulo hängen',
        summary: expect.stringContaining('card payments time out'),
        severity: 'critical',
        status: 'investigating',
        roles: { reporter: { id: 'api:alertmanager', displayName: 'Alertmanager (alertmanager)' } },
        componentIds: ['checkout-api'],
        declaredIn: { platform: 'discord', channelId: '1100' },
        declaredAt: clock.now(),
        startedAt: second.startsAt,
      });
      const timeline = await timelineOf('INC-1');
      expect(timeline.map((entry) => entry.kind)).toEqual([
        'declared',
        'note',
        'alert_firing',
        'alert_firing',
      ]);
      expect(timeline[1]!.text).toBe(
        'Routing rule "checkout pages" names a component "Ledger" that does not exist.',
      );
      expect(timeline[2]).toMatchObject({
        at: first.startsAt,
        text: 'Alert firing: CheckoutLatencyHigh {instance=checkout-1:9100} — p99 latency above 2 s on checkout-1:9100',
        data: {
          fingerprint: first.fingerprint,
          startsAt: first.startsAt.toISOString(),
          generatorURL: first.generatorURL,
        },
      });
    });

    it('changes nothing when the same notification comes again (a retry, a repeat, a restart)', async () => {
      await sut.receive(aNotification([first, second]), alertmanager);
      const events = unitOfWork.events.length;
      clock.advance(4 * 3_600_000);

      const again = await sut.receive(aNotification([first, second]), alertmanager);

      expect(again).toMatchObject({ outcome: 'unchanged', incidentRef: 'INC-1', newAlerts: 0 });
      expect(unitOfWork.events).toHaveLength(events);
      expect(await incidents.listIncidents()).toHaveLength(1);
      expect(await timelineOf('INC-1')).toHaveLength(4);
    });

    it('joins its open incident with one entry per new alert, and moves the start to an earlier alert', async () => {
      await sut.receive(aNotification([first]), alertmanager);
      const earlier = anAlert('checkout-3:9100', { startsAt: new Date('2026-03-01T09:30:00.000Z') });
      clock.advance(60_000);

      const joined = await sut.receive(aNotification([first, earlier]), alertmanager);

      expect(joined).toMatchObject({ outcome: 'joined', incidentRef: 'INC-1', route: null, newAlerts: 1 });
      expect((await incidents.getIncident('INC-1')).startedAt).toEqual(earlier.startsAt);
      const firing = (await timelineOf('INC-1')).filter((entry) => entry.kind === 'alert_firing');
      expect(firing.map((entry) => entry.data['fingerprint'])).toEqual([
        first.fingerprint,
        earlier.fingerprint,
      ]);
      expect(await incidents.listIncidents()).toHaveLength(1);
    });

    it('counts an alert that fires again (a new start) as a new firing', async () => {
      await sut.receive(aNotification([first]), alertmanager);
      const again = { ...first, startsAt: new Date('2026-03-01T09:44:00.000Z') };
      expect(await sut.receive(aNotification([again]), alertmanager)).toMatchObject({
        outcome: 'joined',
        newAlerts: 1,
      });
    });

    it('declares once for the same group sent to two receivers at once', async () => {
      const results = await Promise.all([
        sut.receive(aNotification([first, second]), alertmanager),
        sut.receive(aNotification([first, second]), alertmanager),
      ]);
      expect(results.map((result) => result.outcome).sort()).toEqual(['declared', 'unchanged']);
      expect(await incidents.listIncidents()).toHaveLength(1);
    });

    it('keeps groups of different senders apart, even under the same group key', async () => {
      await sut.receive(aNotification([first]), alertmanager);
      const other = await sut.receive(aNotification([first], { source: 'grafana' }), api);
      expect(other).toMatchObject({ outcome: 'declared', incidentRef: 'INC-2' });
      expect((await incidents.getIncident('INC-2')).roles.reporter).toEqual({
        id: 'api:ops',
        displayName: 'Grafana (ops)',
      });
    });
  });

  describe('a resolved group', () => {
    const alert = anAlert('checkout-1:9100');
    const resolved = resolvedAt(alert, new Date('2026-03-01T10:02:00.000Z'));

    it('is logged and suggests resolving the incident in its channel, which stays open', async () => {
      await sut.receive(aNotification([alert]), alertmanager);
      clock.advance(17 * 60_000);

      const result = await sut.receive(aNotification([resolved]), alertmanager);

      expect(result).toMatchObject({ outcome: 'logged', incidentRef: 'INC-1', resolvedAlerts: 1 });
      expect((await incidents.getIncident('INC-1')).status).toBe('investigating');
      const entry = (await timelineOf('INC-1')).at(-1)!;
      expect(entry).toMatchObject({ kind: 'alert_resolved', at: clock.now() });
      expect(entry.text).toBe(
        'Alerts resolved: CheckoutLatencyHigh {instance=checkout-1:9100} — p99 latency above 2 s on checkout-1:9100',
      );
      expect(notices()).toEqual([
        {
          target: { kind: 'incident', ref: 'INC-1' },
          key: expect.any(String),
          message: expect.objectContaining({
            title: 'Alerts resolved: resolve INC-1?',
            buttons: [{ label: 'Resolve', intent: { kind: 'resolve' }, style: 'success' }],
            incidentRef: 'INC-1',
          }),
        },
      ]);
    });

    it('is logged once however often it is delivered', async () => {
      await sut.receive(aNotification([alert]), alertmanager);
      await sut.receive(aNotification([resolved]), alertmanager);
      const again = await sut.receive(aNotification([resolved]), alertmanager);

      expect(again).toMatchObject({ outcome: 'unchanged', resolvedAlerts: 0 });
      expect(notices()).toHaveLength(1);
      expect((await timelineOf('INC-1')).filter((entry) => entry.kind === 'alert_resolved')).toHaveLength(1);
    });

    it('does not suggest resolving while some alerts of the group still fire', async () => {
      const other = anAlert('checkout-2:9100');
      await sut.receive(aNotification([alert, other]), alertmanager);
      const partly = await sut.receive(aNotification([resolved, other]), alertmanager);
      expect(partly).toMatchObject({ outcome: 'logged', resolvedAlerts: 1 });
      expect(notices()).toEqual([]);
    });

    it('is still logged in an incident someone resolved already, without a suggestion', async () => {
      await sut.receive(aNotification([alert]), alertmanager);
      await incidents.run('resolve INC-1', { actor: api, location: null, privileged: true });
      expect(await sut.receive(aNotification([resolved]), alertmanager)).toMatchObject({
        outcome: 'logged',
        incidentRef: 'INC-1',
      });
      expect(notices()).toEqual([]);
    });

    it('that fires again after its incident was resolved declares a new incident, saying which came before', async () => {
      await sut.receive(aNotification([alert]), alertmanager);
      await sut.receive(aNotification([resolved]), alertmanager);
      await incidents.run('resolve INC-1', { actor: api, location: null, privileged: true });
      const refired = anAlert('checkout-1:9100', { startsAt: new Date('2026-03-01T11:00:00.000Z') });
      clock.set(new Date('2026-03-01T11:01:00.000Z'));

      // Alertmanager still lists the earlier, resolved firing beside the new one.
      expect(await sut.receive(aNotification([resolved, refired]), alertmanager)).toMatchObject({
        outcome: 'declared',
        incidentRef: 'INC-2',
      });
      expect((await timelineOf('INC-2')).map((entry) => entry.text)).toContain(
        'The same alert group was INC-1 (now resolved).',
      );
      expect((await incidents.getIncident('INC-2')).startedAt, 'from the new firing only').toEqual(
        refired.startsAt,
      );
    });

    it('that only repeats after its incident was resolved declares nothing', async () => {
      await sut.receive(aNotification([alert]), alertmanager);
      await incidents.run('resolve INC-1', { actor: api, location: null, privileged: true });
      expect(await sut.receive(aNotification([alert]), alertmanager)).toMatchObject({ outcome: 'unchanged' });
      expect(await incidents.listIncidents()).toHaveLength(1);
    });

    it('never seen firing changes nothing', async () => {
      expect(await sut.receive(aNotification([resolved]), alertmanager)).toMatchObject({
        outcome: 'unchanged',
        incidentRef: null,
      });
      expect(unitOfWork.events).toHaveLength(1); // the component created before each test
    });
  });

  describe('a group whose rule only notifies', () => {
    const warning = anAlert('checkout-1:9100', {
      labels: {
        alertname: 'CheckoutLatencyRising',
        service: 'checkout',
        severity: 'warning',
        instance: 'checkout-1:9100',
      },
    });
    const warn = (alerts: Parameters<typeof aNotification>[0]) =>
      aNotification(alerts, {
        groupKey: '{}:{alertname="CheckoutLatencyRising"}',
        commonLabels: { alertname: 'CheckoutLatencyRising', severity: 'warning' },
        commonAnnotations: { summary: 'Checkout latency rising' },
      });

    it('posts the alerts to the rule’s incidents channel once, and their resolution, declaring nothing', async () => {
      expect(await sut.receive(warn([warning]), alertmanager)).toMatchObject({
        outcome: 'notified',
        route: 'warnings',
      });
      expect(await sut.receive(warn([warning]), alertmanager)).toMatchObject({ outcome: 'unchanged' });
      await sut.receive(warn([resolvedAt(warning, clock.now())]), alertmanager);

      expect(await incidents.listIncidents()).toEqual([]);
      const only = { platform: 'teams', channelId: '19:ops@thread.tacv2' };
      expect(notices()).toEqual([
        expect.objectContaining({
          target: { kind: 'incidents_channel', only },
          message: expect.objectContaining({
            title: 'Alert firing: Checkout latency rising',
            tone: 'warning',
          }),
        }),
        expect.objectContaining({
          target: { kind: 'incidents_channel', only },
          message: expect.objectContaining({
            title: 'Alerts resolved: Checkout latency rising',
            tone: 'success',
          }),
        }),
      ]);
    });

    it('lists at most ten alerts, then how many more, and what the sender left out', async () => {
      const many = Array.from({ length: 14 }, (_, n) => ({
        ...warning,
        labels: { ...warning.labels, instance: `checkout-${n}:9100` },
        fingerprint: `fp-${n}`,
      }));
      await sut.receive({ ...warn(many), truncatedAlerts: 3 }, alertmanager);
      const lines = notices()[0]!.message.text.split('\n');
      expect(lines).toHaveLength(12);
      expect(lines.slice(-2)).toEqual(['… and 4 more', '(3 more left out by the sender)']);
    });
  });

  it('leaves a group no rule matches alone', async () => {
    const unrouted = aNotification([anAlert('search-1:9100')], {
      commonLabels: { alertname: 'SearchSlow', service: 'search', severity: 'info' },
    });
    expect(await sut.receive(unrouted, alertmanager)).toMatchObject({
      outcome: 'unrouted',
      newAlerts: 0,
      route: null,
    });
    expect(await incidents.listIncidents()).toEqual([]);
  });
});
