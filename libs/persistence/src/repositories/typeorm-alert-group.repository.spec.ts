import {
  AlertIntake,
  AlertRouting,
  IncidentService,
  type AlertGroup,
  type LoggedAlert,
} from '@firebreak/incident';
import { FixedClock } from '@firebreak/incident/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { AlertGroupRow } from '../entities/alert-group.entity.js';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { TypeOrmUnitOfWork } from '../typeorm-unit-of-work.js';
import { TypeOrmAlertGroupRepository } from './typeorm-alert-group.repository.js';

const group = {
  sender: 'api:alertmanager',
  // Real group keys name the route path and the grouping labels; they can be long.
  groupKey: `{}/{team="payments"}:{alertname="CheckoutLatencyHigh", cluster="eu-1", zone="${'z'.repeat(2_000)}"}`,
};
const at = new Date('2026-03-01T09:45:00.123Z');

const firing = (n: number): LoggedAlert => ({
  fingerprint: n.toString(16).padStart(16, '0'),
  startsAt: new Date(Date.UTC(2026, 2, 1, 9, 0, 0, n)),
  incidentRef: 'INC-1',
  resolvedAt: null,
});

// On SQLite, and on PostgreSQL with FIREBREAK_TEST_DATABASE=postgres (each run a fresh schema).
describe(TypeOrmAlertGroupRepository.name, () => {
  let database: TemporarySqliteDatabase;
  let dataSource: DataSource;
  let unitOfWork: TypeOrmUnitOfWork;

  beforeEach(async () => {
    database = new TemporarySqliteDatabase();
    dataSource = await database.open();
    unitOfWork = new TypeOrmUnitOfWork(dataSource);
  });
  afterEach(() => database.remove());

  it('keeps a group with its incident, and refuses the same group inserted twice', async () => {
    const stored: AlertGroup = { ...group, incidentRef: 'INC-1', firstSeenAt: at, updatedAt: at };
    await unitOfWork.run((stores) => stores.alertGroups.save(stored, true));
    await unitOfWork.run((stores) =>
      stores.alertGroups.save(
        { ...stored, incidentRef: 'INC-2', updatedAt: new Date(at.getTime() + 1) },
        false,
      ),
    );

    expect(await unitOfWork.read((stores) => stores.alertGroups.find(group))).toEqual({
      ...stored,
      incidentRef: 'INC-2',
      updatedAt: new Date(at.getTime() + 1),
    });
    expect(
      await unitOfWork.read((stores) => stores.alertGroups.find({ ...group, sender: 'api:grafana' })),
    ).toBe(null);
    const repository = new TypeOrmAlertGroupRepository(dataSource.manager);
    await expect(repository.save(stored, true)).rejects.toThrow(/UNIQUE|duplicate key/i);
  });

  it('logs 450 firings in batches and finds them by fingerprint, starts to the millisecond', async () => {
    const alerts = Array.from({ length: 450 }, (_, n) => firing(n));
    await unitOfWork.run((stores) => stores.alertGroups.logAlerts(group, alerts));

    const found = await unitOfWork.read((stores) =>
      stores.alertGroups.loggedAlerts(
        group,
        alerts.map((alert) => alert.fingerprint),
      ),
    );
    const byFingerprint = (a: LoggedAlert, b: LoggedAlert) => a.fingerprint.localeCompare(b.fingerprint);
    expect(found.sort(byFingerprint)).toEqual(alerts);
    await expect(
      unitOfWork.run((stores) => stores.alertGroups.logAlerts(group, [alerts[7]!])),
    ).rejects.toThrow(/UNIQUE|duplicate key/i);
  });

  it('marks only the named firings resolved, and keeps the first resolution time', async () => {
    await unitOfWork.run((stores) => stores.alertGroups.logAlerts(group, [firing(1), firing(2)]));
    const later = new Date(at.getTime() + 60_000);
    await unitOfWork.run((stores) => stores.alertGroups.markResolved(group, [firing(1)], at));
    await unitOfWork.run((stores) => stores.alertGroups.markResolved(group, [firing(1), firing(2)], later));

    const found = await unitOfWork.read((stores) =>
      stores.alertGroups.loggedAlerts(group, [firing(1).fingerprint, firing(2).fingerprint]),
    );
    expect(found.map((alert) => [alert.fingerprint, alert.resolvedAt])).toEqual([
      [firing(1).fingerprint, at],
      [firing(2).fingerprint, later],
    ]);
  });

  it('declares one incident when one group arrives six times at once, through the real unit of work', async () => {
    const intake = new AlertIntake(unitOfWork, new FixedClock(at), AlertRouting.DECLARE_EVERY_GROUP);
    const alerts = Array.from({ length: 100 }, (_, n) => ({
      status: 'firing' as const,
      labels: { alertname: 'CheckoutLatencyHigh', instance: `checkout-${n}:9100` },
      annotations: { summary: `Checkout p99 above 2 s on checkout-${n} — Zürich` },
      startsAt: new Date(Date.UTC(2026, 2, 1, 9, 40, 0, n)),
      endsAt: null,
      generatorURL: null,
      fingerprint: `fp-${n}`,
      links: {},
      valueString: null,
    }));
    const notification = {
      source: 'alertmanager' as const,
      groupKey: group.groupKey,
      status: 'firing' as const,
      receiver: 'firebreak',
      groupLabels: { alertname: 'CheckoutLatencyHigh' },
      commonLabels: { alertname: 'CheckoutLatencyHigh' },
      commonAnnotations: {},
      externalURL: null,
      truncatedAlerts: 0,
      alerts,
    };
    const sender = { id: 'api:alertmanager', displayName: 'alertmanager' };

    const results = await Promise.all(Array.from({ length: 6 }, () => intake.receive(notification, sender)));

    expect(results.map((result) => result.outcome).sort()).toEqual([
      'declared',
      ...Array<string>(5).fill('unchanged'),
    ]);
    const incidents = new IncidentService(unitOfWork, new FixedClock(at));
    expect(await incidents.listIncidents()).toHaveLength(1);
    const timeline = await incidents.timeline('INC-1');
    expect(timeline.filter((entry) => entry.kind === 'alert_firing')).toHaveLength(100);
    expect(await dataSource.manager.count(AlertGroupRow)).toBe(1);
  });
});
