import {
  ActionItemRepository,
  type ActionItem,
  type ActionItemKind,
  type ActionItemState,
  type FollowupDates,
  type NewActionItem,
} from '@firebreak/incident';
import { EntityManager } from 'typeorm';
import { ActionItemRow } from '../entities/action-item.entity.js';
import { IncidentRow } from '../entities/incident.entity.js';
import { dateOrNull, toIsoText } from '../entities/iso-date-column.js';
import { participantFrom, participantOrNull } from './participant-columns.js';

export class TypeOrmActionItemRepository extends ActionItemRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async add(item: NewActionItem): Promise<ActionItem> {
    const result = await this.manager.insert(ActionItemRow, toRow(item));
    return { ...item, id: Number(result.identifiers[0]!['id']) };
  }

  async findById(id: number): Promise<ActionItem | null> {
    const row = await this.manager.findOneBy(ActionItemRow, { id });
    return row ? toActionItem(row) : null;
  }

  async listFor(incidentRef: string): Promise<ActionItem[]> {
    const rows = await this.manager.find(ActionItemRow, { where: { incidentRef }, order: { id: 'ASC' } });
    return rows.map(toActionItem);
  }

  async listOpenFollowups(): Promise<ActionItem[]> {
    const rows = await this.manager.find(ActionItemRow, {
      where: { kind: 'followup', state: 'open' },
      order: { id: 'ASC' },
    });
    return rows.map(toActionItem);
  }

  /** Raw values, not entities, for the same reason as `TypeOrmIncidentRepository.listMilestones`. */
  async listFollowupDates(since: Date): Promise<FollowupDates[]> {
    const rows = await this.manager
      .createQueryBuilder(ActionItemRow, 'item')
      .innerJoin(IncidentRow, 'incident', 'incident.ref = item.incidentRef')
      .select('item.id', 'id')
      .addSelect('item.incidentRef', 'incidentRef')
      .addSelect('incident.severity', 'severity')
      .addSelect('item.createdAt', 'createdAt')
      .addSelect('item.dueAt', 'dueAt')
      .addSelect('item.doneAt', 'doneAt')
      .where('item.kind = :kind', { kind: 'followup' })
      .andWhere('(item.createdAt >= :since OR item.doneAt >= :since OR item.dueAt >= :since)', {
        since: toIsoText(since),
      })
      .orderBy('item.id', 'ASC')
      .getRawMany<Record<keyof FollowupDates, string | number | null>>();
    return rows.map((row) => ({
      id: Number(row.id),
      incidentRef: String(row.incidentRef),
      severity: row.severity as FollowupDates['severity'],
      createdAt: new Date(String(row.createdAt)),
      dueAt: dateOrNull(row.dueAt as string | null),
      doneAt: dateOrNull(row.doneAt as string | null),
    }));
  }

  async save(item: ActionItem): Promise<void> {
    await this.manager.update(ActionItemRow, { id: item.id }, toRow(item));
  }
}

function toRow(item: NewActionItem): Omit<ActionItemRow, 'id'> {
  return {
    incidentRef: item.incidentRef,
    kind: item.kind,
    text: item.text,
    ownerId: item.owner?.id ?? null,
    ownerName: item.owner?.displayName ?? null,
    dueAt: item.dueAt,
    state: item.state,
    createdById: item.createdBy.id,
    createdByName: item.createdBy.displayName,
    createdAt: item.createdAt,
    doneAt: item.doneAt,
  };
}

function toActionItem(row: ActionItemRow): ActionItem {
  return {
    id: row.id,
    incidentRef: row.incidentRef,
    kind: row.kind as ActionItemKind,
    text: row.text,
    owner: participantOrNull(row.ownerId, row.ownerName),
    dueAt: row.dueAt,
    state: row.state as ActionItemState,
    createdBy: participantFrom(row.createdById, row.createdByName),
    createdAt: row.createdAt,
    doneAt: row.doneAt,
  };
}
