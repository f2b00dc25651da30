import {
  ActionItemRepository,
  type ActionItem,
  type ActionItemKind,
  type ActionItemState,
  type NewActionItem,
} from '@firebreak/incident';
import { EntityManager } from 'typeorm';
import { ActionItemRow } from '../entities/action-item.entity.js';
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
