import { createHash } from 'node:crypto';
import {
  AlertGroupRepository,
  type AlertGroup,
  type AlertGroupKey,
  type LoggedAlert,
} from '@firebreak/incident';
import { EntityManager, In, IsNull } from 'typeorm';
import { AlertFiringRow, AlertGroupRow } from '../entities/alert-group.entity.js';
import { toIsoText } from '../entities/iso-date-column.js';
import { AdvisoryLock, holdKeyUntilCommit } from '../postgres-advisory-lock.js';

/** Rows per statement, well under both drivers' limits on bound parameters. */
const BATCH = 200;

export class TypeOrmAlertGroupRepository extends AlertGroupRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  /** A transaction advisory lock on the group's hash; SQLite transactions take turns already. */
  async lock(group: AlertGroupKey): Promise<void> {
    await holdKeyUntilCommit(this.manager, AdvisoryLock.AlertGroups, groupId(group).slice(0, 8));
  }

  async find(group: AlertGroupKey): Promise<AlertGroup | null> {
    const row = await this.manager.findOneBy(AlertGroupRow, { id: groupId(group) });
    if (!row) return null;
    return {
      sender: row.sender,
      groupKey: row.groupKey,
      incidentRef: row.incidentRef,
      firstSeenAt: row.firstSeenAt,
      updatedAt: row.updatedAt,
    };
  }

  /** A plain insert for a new group: a concurrent twin's insert fails on the key and its unit of work runs again. */
  async save(group: AlertGroup, isNew: boolean): Promise<void> {
    const row = { id: groupId(group), ...group };
    if (isNew) await this.manager.insert(AlertGroupRow, row);
    else await this.manager.update(AlertGroupRow, { id: row.id }, row);
  }

  async loggedAlerts(group: AlertGroupKey, fingerprints: readonly string[]): Promise<LoggedAlert[]> {
    const rows: AlertFiringRow[] = [];
    for (let start = 0; start < fingerprints.length; start += BATCH) {
      const batch = [...fingerprints.slice(start, start + BATCH)];
      rows.push(
        ...(await this.manager.findBy(AlertFiringRow, { groupId: groupId(group), fingerprint: In(batch) })),
      );
    }
    return rows.map((row) => ({
      fingerprint: row.fingerprint,
      startsAt: new Date(row.startsAt),
      incidentRef: row.incidentRef,
      resolvedAt: row.resolvedAt,
    }));
  }

  async logAlerts(group: AlertGroupKey, alerts: readonly LoggedAlert[]): Promise<void> {
    const rows = alerts.map((alert) => ({
      groupId: groupId(group),
      fingerprint: alert.fingerprint,
      startsAt: toIsoText(alert.startsAt),
      incidentRef: alert.incidentRef,
      resolvedAt: alert.resolvedAt,
    }));
    for (let start = 0; start < rows.length; start += BATCH)
      await this.manager.insert(AlertFiringRow, rows.slice(start, start + BATCH));
  }

  async markResolved(
    group: AlertGroupKey,
    alerts: readonly Pick<LoggedAlert, 'fingerprint' | 'startsAt'>[],
    at: Date,
  ): Promise<void> {
    for (const alert of alerts) {
      await this.manager.update(
        AlertFiringRow,
        {
          groupId: groupId(group),
          fingerprint: alert.fingerprint,
          startsAt: toIsoText(alert.startsAt),
          resolvedAt: IsNull(),
        },
        { resolvedAt: at },
      );
    }
  }
}

const groupId = (group: AlertGroupKey): string =>
  createHash('sha256').update(`${group.sender}\n${group.groupKey}`).digest('hex');
