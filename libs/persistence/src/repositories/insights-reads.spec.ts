import { IncidentService, type CommandContext, type Incident, type NewActionItem } from '@firebreak/incident';
import { FixedClock } from '@firebreak/incident/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { IncidentMilestones1764700000000 } from '../migrations/1764700000000-incident-milestones.js';
import { DECLARED_AT, anIncident } from '../testing/incident-fixtures.js';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { TypeOrmUnitOfWork } from '../typeorm-unit-of-work.js';
import { TypeOrmActionItemRepository } from './typeorm-action-item.repository.js';
import { TypeOrmIncidentRepository } from './typeorm-incident.repository.js';

const later = (milliseconds: number): Date => new Date(DECLARED_AT.getTime() + milliseconds);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// The narrow reads the insights make, and the migration that fills their columns from the timeline; on SQLite,
// and on PostgreSQL with FIREBREAK_TEST_DATABASE=postgres.
describe('the reads behind the insights', () => {
  let database: TemporarySqliteDatabase;
  let dataSource: DataSource;
  beforeEach(async () => {
    database = new TemporarySqliteDatabase();
    dataSource = await database.open();
  });
  afterEach(() => database.remove());

  describe(TypeOrmIncidentRepository.prototype.listMilestones.name, () => {
    it('reads the milestones of the incidents declared from a moment on, oldest first, to the millisecond', async () => {
      const incidents = new TypeOrmIncidentRepository(dataSource.manager);
      const acknowledged = anIncident(1, {
        declaredAt: later(1),
        startedAt: later(0),
        severity: 'critical',
        componentIds: ['api', 'checkout-eu'],
        acknowledgedAt: later(61_001),
        mitigatedAt: later(HOUR + 7),
        resolvedAt: later(2 * HOUR + 9),
        status: 'resolved',
      });
      const unacknowledged = anIncident(2, {
        declaredAt: later(1),
        severity: 'minor',
        componentIds: [],
        roles: {},
        acknowledgedAt: null,
      });
      const before = anIncident(3, { declaredAt: later(0) });
      const newest = anIncident(4, { declaredAt: later(DAY) });
      for (const incident of [newest, unacknowledged, before, acknowledged])
        await incidents.save(incident, null);

      expect(await incidents.listMilestones(later(1))).toEqual([
        milestonesOf(acknowledged),
        milestonesOf(unacknowledged),
        milestonesOf(newest),
      ]);
      expect(await incidents.listMilestones(later(DAY + 1))).toEqual([]);
    });
  });

  describe(TypeOrmActionItemRepository.prototype.listFollowupDates.name, () => {
    it('reads follow-ups opened, done or due from a moment on, with their incident severity, and no actions', async () => {
      const incidents = new TypeOrmIncidentRepository(dataSource.manager);
      await incidents.save(anIncident(1, { severity: 'critical' }), null);
      await incidents.save(anIncident(2, { severity: 'minor' }), null);
      const actions = new TypeOrmActionItemRepository(dataSource.manager);
      const since = later(10 * DAY);
      const item = (incidentRef: string, dates: Partial<NewActionItem>): NewActionItem => ({
        incidentRef,
        kind: 'followup',
        text: 'Alert on the payment provider’s error rate before customers notice',
        owner: { id: 'discord:9', displayName: 'Bárbara' },
        dueAt: null,
        state: 'open',
        createdBy: { id: 'discord:1', displayName: 'Ada' },
        createdAt: later(0),
        doneAt: null,
        ...dates,
      });
      const openedBefore = await actions.add(item('INC-1', { createdAt: later(DAY), dueAt: later(5 * DAY) }));
      const doneSince = await actions.add(
        item('INC-1', { createdAt: later(DAY), doneAt: since, state: 'done', dueAt: later(3 * DAY) }),
      );
      const dueSince = await actions.add(
        item('INC-2', { createdAt: later(DAY), dueAt: later(30 * DAY + 5) }),
      );
      const openedSince = await actions.add(item('INC-2', { createdAt: later(11 * DAY + 3) }));
      await actions.add(item('INC-2', { kind: 'action', createdAt: later(12 * DAY) }));

      const read = await actions.listFollowupDates(since);

      expect(read).toEqual([
        {
          id: doneSince.id,
          incidentRef: 'INC-1',
          severity: 'critical',
          createdAt: later(DAY),
          dueAt: later(3 * DAY),
          doneAt: since,
        },
        {
          id: dueSince.id,
          incidentRef: 'INC-2',
          severity: 'minor',
          createdAt: later(DAY),
          dueAt: later(30 * DAY + 5),
          doneAt: null,
        },
        {
          id: openedSince.id,
          incidentRef: 'INC-2',
          severity: 'minor',
          createdAt: later(11 * DAY + 3),
          dueAt: null,
          doneAt: null,
        },
      ]);
      expect(read.map((each) => each.id)).not.toContain(openedBefore.id);
    });
  });

  describe(IncidentMilestones1764700000000.name, () => {
    it('fills the milestones of existing incidents from their timeline, as the domain stamps them', async () => {
      const clock = new FixedClock(DECLARED_AT);
      const service = new IncidentService(new TypeOrmUnitOfWork(dataSource), clock);
      // An administrator runs the whole incident: this spec is about the stored milestones, not who may.
      const zoe: CommandContext = {
        actor: { id: 'discord:1', displayName: 'Zoë' },
        location: null,
        privileged: true,
        mentioned: { 'teams:29:jose': 'José 🚒' },
      };
      const at = async (milliseconds: number, text: string) => {
        clock.set(later(milliseconds));
        await service.run(text, zoe);
      };
      await at(0, 'declare Card payments fail in São Paulo');
      await at(60_001, 'scribe INC-1');
      await at(5 * 60_003, 'lead INC-1 <@teams:29:jose>');
      await at(9 * 60_000, 'lead INC-1');
      await at(20 * 60_007, 'status INC-1 monitoring');
      await at(30 * 60_000, 'status INC-1 investigating');
      await at(HOUR, 'resolve INC-1');
      await at(HOUR + 1, 'declare Search is slow');
      await at(HOUR + 15 * 60_011, 'resolve INC-2');
      await at(2 * HOUR, 'declare Queue backlog');
      const stamped = await new TypeOrmIncidentRepository(dataSource.manager).listMilestones(DECLARED_AT);
      expect(stamped.map(({ acknowledgedAt, mitigatedAt }) => ({ acknowledgedAt, mitigatedAt }))).toEqual([
        { acknowledgedAt: later(5 * 60_003), mitigatedAt: later(20 * 60_007) },
        { acknowledgedAt: null, mitigatedAt: later(HOUR + 15 * 60_011) },
        { acknowledgedAt: null, mitigatedAt: null },
      ]);

      await undoUntilGone(dataSource, IncidentMilestones1764700000000.name);
      const columns = await incidentColumns(dataSource);
      expect(columns).not.toContain('acknowledged_at');
      await dataSource.runMigrations();

      expect(await new TypeOrmIncidentRepository(dataSource.manager).listMilestones(DECLARED_AT)).toEqual(
        stamped,
      );
    });
  });
});

function milestonesOf(incident: Incident) {
  const { ref, severity, componentIds, declaredAt, startedAt, acknowledgedAt, mitigatedAt, resolvedAt } =
    incident;
  return { ref, severity, componentIds, declaredAt, startedAt, acknowledgedAt, mitigatedAt, resolvedAt };
}

/** Reverts migrations, newest first, until the named one is no longer applied. */
async function undoUntilGone(dataSource: DataSource, name: string): Promise<void> {
  const applied = async () =>
    (await dataSource.query<{ name: string }[]>('SELECT name FROM migrations')).map((row) => row.name);
  while ((await applied()).includes(name)) await dataSource.undoLastMigration();
}

async function incidentColumns(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    return (await runner.getTable('incident'))!.columns.map((column) => column.name);
  } finally {
    await runner.release();
  }
}
