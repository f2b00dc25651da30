import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentError } from '../errors.js';
import { maintenanceStatus, nextMaintenanceBoundary } from '../model/maintenance.js';
import type { WriteUp } from '../model/write-up.js';
import { FixedClock } from '../testing/fixed-clock.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import { MaintenanceService } from './maintenance-service.js';
import { saveWriteUp } from '../testing/write-up-seed.js';

const actor = { id: 'api:ops', displayName: 'ops' };
const at = (iso: string) => new Date(iso);

describe(MaintenanceService.name, () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: FixedClock;
  let sut: MaintenanceService;

  beforeEach(async () => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new FixedClock(at('2026-03-01T10:00:00.000Z'));
    sut = new MaintenanceService(unitOfWork, clock);
    await unitOfWork.run(async (stores) => {
      await stores.components.create({
        id: 'api',
        name: 'API',
        group: null,
        description: null,
        status: 'operational',
        position: 1,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      });
    });
  });

  const window = {
    title: 'Database upgrade',
    body: 'We upgrade the primary database.',
    components: ['API'],
    scheduledFor: at('2026-03-01T12:00:00.000Z'),
    scheduledUntil: at('2026-03-01T13:00:00.000Z'),
  };

  it('schedules a maintenance by component name and announces it on the outbox', async () => {
    const maintenance = await sut.schedule(window, actor);
    expect(maintenance).toMatchObject({ id: 1, componentIds: ['api'], cancelledAt: null });
    expect(unitOfWork.events.map((event) => event.type)).toEqual(['maintenance.scheduled']);
  });

  it('derives scheduled, in progress and completed from the clock', async () => {
    const maintenance = await sut.schedule(window, actor);
    expect(maintenanceStatus(maintenance, at('2026-03-01T11:59:59.999Z'))).toBe('scheduled');
    expect(maintenanceStatus(maintenance, at('2026-03-01T12:00:00.000Z'))).toBe('in_progress');
    expect(maintenanceStatus(maintenance, at('2026-03-01T13:00:00.000Z'))).toBe('completed');
    expect(nextMaintenanceBoundary([maintenance], at('2026-03-01T12:30:00.000Z'))).toEqual(
      at('2026-03-01T13:00:00.000Z'),
    );
  });

  it('refuses a window that ends before it starts', async () => {
    await expect(
      sut.schedule({ ...window, scheduledUntil: window.scheduledFor }, actor),
    ).rejects.toMatchObject({ code: 'invalid_argument', field: 'scheduledUntil' });
  });

  it('refuses unknown components and names the known ones', async () => {
    const refusal = await sut.schedule({ ...window, components: ['Billing'] }, actor).catch((e) => e);
    expect(refusal).toBeInstanceOf(IncidentError);
    expect(refusal.message).toContain('Known components: API.');
  });

  it('cancels once, announcing it, and refuses to cancel a completed maintenance', async () => {
    const maintenance = await sut.schedule(window, actor);
    const cancelled = await sut.cancel(maintenance.id, actor);
    expect(maintenanceStatus(cancelled, clock.now())).toBe('cancelled');
    await sut.cancel(maintenance.id, actor);
    expect(unitOfWork.events.map((event) => event.type)).toEqual([
      'maintenance.scheduled',
      'maintenance.cancelled',
    ]);
    const other = await sut.schedule(window, actor);
    clock.set(at('2026-03-02T00:00:00.000Z'));
    await expect(sut.cancel(other.id, actor)).rejects.toMatchObject({ code: 'illegal_transition' });
  });

  it('answers not found for an unknown maintenance', async () => {
    await expect(sut.find(42)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe(saveWriteUp.name, () => {
  const draft: WriteUp = {
    slug: 'inc-1-checkout-outage',
    incidentRef: 'INC-1',
    title: 'Checkout outage',
    markdown: '# What happened',
    state: 'draft',
    publishedAt: null,
    createdAt: at('2026-03-01T00:00:00.000Z'),
    updatedAt: at('2026-03-01T00:00:00.000Z'),
  };

  it('announces publication and unpublication, but not draft edits', async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    await saveWriteUp(unitOfWork, draft);
    await saveWriteUp(unitOfWork, {
      ...draft,
      state: 'published',
      publishedAt: at('2026-03-02T00:00:00.000Z'),
    });
    await saveWriteUp(unitOfWork, { ...draft, state: 'draft' });
    expect(unitOfWork.events.map((event) => event.type)).toEqual([
      'write_up.published',
      'write_up.unpublished',
    ]);
    const published = await unitOfWork.read((stores) => stores.writeUps.listPublished());
    expect(published).toEqual([]);
  });
});
