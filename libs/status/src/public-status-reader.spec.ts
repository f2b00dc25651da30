import { type WriteUp } from '@firebreak/incident';
import { FixedClock, InMemoryUnitOfWork } from '@firebreak/incident/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { incidentHistory } from './incident-history.js';
import { PublicStatusReader } from './public-status-reader.js';
import { statuspageV2Documents } from './statuspage-v2.js';
import { aComponent, anIncident, at, publish, T0 } from './testing/status-fixtures.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON documents read loosely
type V2 = any;
const identity = { id: 'fb', name: 'Acme', url: 'https://status.example.com', timeZone: 'Etc/UTC' };

describe(PublicStatusReader.name, () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: FixedClock;
  let sut: PublicStatusReader;

  beforeEach(async () => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new FixedClock(at('2026-03-10T12:00:00.000Z'));
    sut = new PublicStatusReader(unitOfWork, clock);
    await unitOfWork.run(async (stores) => {
      await stores.components.create(aComponent('api', { name: 'API', group: 'Core', position: 2 }));
      await stores.components.create(aComponent('web', { name: 'Web', group: 'Core', position: 3 }));
      await stores.components.create(aComponent('cdn', { name: 'CDN', position: 1 }));
      await stores.incidents.save(anIncident(1), null);
      await stores.incidents.save(anIncident(2, { title: 'Not public yet' }), null);
      await publish(stores, 'INC-1', 'We are looking into it', at('2026-03-10T01:00:00.000Z'));
      await publish(stores, 'INC-1', 'A fix is out', at('2026-03-10T02:00:00.000Z'), 'monitoring');
    });
  });

  it('shows only incidents with a published update, with updates newest first and no people or notes', async () => {
    const snapshot = await sut.snapshot();
    expect(snapshot.incidents.map((incident) => incident.ref)).toEqual(['INC-1']);
    const [incident] = snapshot.incidents;
    expect(incident!.updates.map((update) => update.body)).toEqual([
      'A fix is out',
      'We are looking into it',
    ]);
    expect(incident).toMatchObject({
      title: 'Checkout is slow 1',
      status: 'investigating',
      impact: 'minor',
      monitoringAt: at('2026-03-10T02:00:00.000Z'),
    });
    const text = JSON.stringify(snapshot);
    for (const secret of [
      'Secret Lead Person',
      'INTERNAL SUMMARY',
      'INTERNAL IMPACT NOTE',
      'Not public yet',
      'Checkout fails',
      'discord:1',
    ])
      expect(text).not.toContain(secret);
  });

  it('shows impact none, never the internal severity, until the communications lead chooses one', async () => {
    await unitOfWork.run(async (stores) => {
      await stores.incidents.save(anIncident(3, { severity: 'critical', publicImpact: null }), null);
      await publish(stores, 'INC-3', 'We are looking into it', at('2026-03-10T03:00:00.000Z'));
    });
    const snapshot = await sut.snapshot();
    expect(snapshot.incidents.find((incident) => incident.ref === 'INC-3')?.impact).toBe('none');
  });

  it('links a write-up to its incident only when the incident has a public page', async () => {
    await unitOfWork.run(async (stores) => {
      for (const [slug, incidentRef] of [
        ['inc-1-checkout', 'INC-1'],
        ['inc-2-internal', 'INC-2'],
      ] as const)
        await stores.writeUps.save({
          slug,
          incidentRef,
          title: `Write-up ${slug}`,
          markdown: 'What happened',
          state: 'published',
          publishedAt: at('2026-03-10T05:00:00.000Z'),
          createdAt: at('2026-03-10T05:00:00.000Z'),
          updatedAt: at('2026-03-10T05:00:00.000Z'),
        });
    });
    const { writeUps } = await sut.snapshot();
    expect(writeUps.map((writeUp) => [writeUp.slug, writeUp.incidentRef])).toEqual(
      expect.arrayContaining([
        ['inc-1-checkout', 'INC-1'],
        ['inc-2-internal', null],
      ]),
    );
  });

  it('reads the newest public incidents up to its limit, never crowded out by newer internal-only ones', async () => {
    await unitOfWork.run(async (stores) => {
      for (let number = 3; number <= 8; number += 1) await stores.incidents.save(anIncident(number), null);
      await stores.incidents.save(anIncident(9, { title: 'Newest public' }), null);
      await publish(stores, 'INC-9', 'Payments are failing', at('2026-03-10T03:00:00.000Z'));
    });
    const limited = new PublicStatusReader(unitOfWork, clock, { incidentLimit: 2 });
    const snapshot = await limited.snapshot();
    expect(snapshot.incidents.map((incident) => incident.ref)).toEqual(['INC-9', 'INC-1']);
    expect(snapshot.incidents.map((incident) => incident.updates.length)).toEqual([1, 2]);
  });

  it('groups components, the group taking its worst child status', async () => {
    await unitOfWork.run(async (stores) =>
      stores.components.save(
        aComponent('web', { name: 'Web', group: 'Core', position: 3, status: 'partial_outage' }),
      ),
    );
    const snapshot = await sut.snapshot();
    expect(snapshot.groups).toEqual([
      expect.objectContaining({
        id: 'group-core',
        name: 'Core',
        status: 'partial_outage',
        componentIds: ['api', 'web'],
      }),
    ]);
    expect(snapshot.overall).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
  });

  it('shows components under maintenance only while the maintenance runs, and hides cancelled ones', async () => {
    await unitOfWork.run(async (stores) => {
      await stores.maintenances.add({
        title: 'DB upgrade',
        body: 'Upgrading',
        componentIds: ['api'],
        scheduledFor: at('2026-03-10T13:00:00.000Z'),
        scheduledUntil: at('2026-03-10T14:00:00.000Z'),
        cancelledAt: null,
        createdAt: T0,
        updatedAt: T0,
      });
      await stores.maintenances.add({
        title: 'Cancelled one',
        body: 'x',
        componentIds: ['web'],
        scheduledFor: at('2026-03-10T11:00:00.000Z'),
        scheduledUntil: at('2026-03-10T14:00:00.000Z'),
        cancelledAt: T0,
        createdAt: T0,
        updatedAt: T0,
      });
    });
    const before = await sut.snapshot();
    expect(before.maintenances.map((each) => [each.id, each.status])).toEqual([['MNT-1', 'scheduled']]);
    expect(before.validUntil).toEqual(at('2026-03-10T12:01:00.000Z'));
    clock.set(at('2026-03-10T13:30:00.000Z'));
    const during = await sut.snapshot();
    expect(during.components.find((each) => each.id === 'api')!.status).toBe('under_maintenance');
    expect(during.overall.indicator).toBe('maintenance');
    expect(during.maintenances[0]!.updates.map((update) => update.status)).toEqual([
      'in_progress',
      'scheduled',
    ]);
    clock.set(at('2026-03-10T14:00:00.000Z'));
    const after = await sut.snapshot();
    expect(after.components.find((each) => each.id === 'api')!.status).toBe('operational');
    expect(after.maintenances[0]!.status).toBe('completed');
  });

  it('lists published write-ups only, and marks their resolved incident postmortem', async () => {
    const writeUp: WriteUp = {
      slug: 'inc-1-review',
      incidentRef: 'INC-1',
      title: 'What happened',
      markdown: '# Hi',
      state: 'published',
      publishedAt: T0,
      createdAt: T0,
      updatedAt: T0,
    };
    await unitOfWork.run(async (stores) => {
      await stores.writeUps.save(writeUp);
      await stores.writeUps.save({
        ...writeUp,
        slug: 'draft-one',
        incidentRef: null,
        state: 'draft',
        publishedAt: null,
      });
      await stores.incidents.save(
        anIncident(1, { status: 'closed', resolvedAt: at('2026-03-10T03:00:00.000Z'), version: 2 }),
        1,
      );
    });
    const snapshot = await sut.snapshot();
    expect(snapshot.writeUps.map((each) => each.slug)).toEqual(['inc-1-review']);
    expect(snapshot.incidents[0]).toMatchObject({
      status: 'postmortem',
      writeUpSlug: 'inc-1-review',
      resolvedAt: at('2026-03-10T03:00:00.000Z'),
    });
  });

  it('renders Statuspage v2 documents with the flat component list and unresolved incidents in the summary', async () => {
    const documents = statuspageV2Documents(identity, await sut.snapshot()) as Record<string, V2>;
    const summary = documents['summary.json'];
    expect(Object.keys(summary)).toEqual([
      'page',
      'status',
      'components',
      'incidents',
      'scheduled_maintenances',
    ]);
    expect(summary.components.map((row: V2) => [row.id, row.group, row.group_id])).toEqual([
      ['cdn', false, null],
      ['group-core', true, null],
      ['api', false, 'group-core'],
      ['web', false, 'group-core'],
    ]);
    expect(summary.components[1].components).toEqual(['api', 'web']);
    expect(summary.incidents[0]).toMatchObject({
      id: 'INC-1',
      shortlink: 'https://status.example.com/incidents/INC-1',
      resolved_at: null,
      created_at: '2026-03-10T00:00:00.000Z',
    });
    expect(summary.incidents[0].incident_updates[0].affected_components).toEqual([
      { code: 'api', name: 'API', old_status: 'operational', new_status: 'major_outage' },
    ]);
  });

  it('pages the history by month, newest month first', async () => {
    await unitOfWork.run(async (stores) => {
      for (const [number, month] of [
        [3, '01'],
        [4, '02'],
        [5, '12'],
      ] as const) {
        const declaredAt = at(`${month === '12' ? '2025' : '2026'}-${month}-15T00:00:00.000Z`);
        await stores.incidents.save(anIncident(number, { declaredAt, startedAt: declaredAt }), null);
        await publish(stores, `INC-${number}`, 'Update', declaredAt);
      }
    });
    const { incidents } = await sut.snapshot();
    const first = incidentHistory(incidents, 1, 2);
    expect(first.pages).toBe(2);
    expect(first.months.map((month) => month.label)).toEqual(['March 2026', 'February 2026']);
    expect(incidentHistory(incidents, 2, 2).months.map((month) => month.month)).toEqual([
      '2026-01',
      '2025-12',
    ]);
  });
});
