import {
  ComponentRepository,
  type Component,
  type ComponentStatus,
  type ComponentStatusChange,
} from '@firebreak/incident';
import { EntityManager } from 'typeorm';
import { ComponentRow, ComponentStatusChangeRow } from '../entities/component.entity.js';
import { toIsoText } from '../entities/iso-date-column.js';

export class TypeOrmComponentRepository extends ComponentRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async list(): Promise<Component[]> {
    const rows = await this.manager.find(ComponentRow, { order: { position: 'ASC', id: 'ASC' } });
    return rows.map(toComponent);
  }

  async findById(id: string): Promise<Component | null> {
    const row = await this.manager.findOneBy(ComponentRow, { id });
    return row ? toComponent(row) : null;
  }

  async findByName(name: string): Promise<Component | null> {
    const row = await this.manager.findOneBy(ComponentRow, { nameKey: nameKeyOf(name) });
    return row ? toComponent(row) : null;
  }

  async create(component: Component): Promise<void> {
    await this.manager.insert(ComponentRow, toRow(component));
  }

  async save(component: Component): Promise<void> {
    await this.manager.update(ComponentRow, { id: component.id }, toRow(component));
  }

  async recordChange(change: ComponentStatusChange): Promise<void> {
    await this.manager.insert(ComponentStatusChangeRow, {
      componentId: change.componentId,
      oldStatus: change.oldStatus,
      newStatus: change.newStatus,
      incidentRef: change.incidentRef,
      at: change.at,
    });
  }

  async changesSince(since: Date): Promise<ComponentStatusChange[]> {
    const rows = await this.manager
      .createQueryBuilder(ComponentStatusChangeRow, 'change')
      .where('change.at >= :since', { since: toIsoText(since) })
      .orderBy('change.at', 'ASC')
      .addOrderBy('change.id', 'ASC')
      .getMany();
    return rows.map(toChange);
  }
}

/** Lower-cased in JS (not SQL `lower()`), so SQLite and PostgreSQL fold case the same way. */
const nameKeyOf = (name: string): string => name.trim().toLowerCase();

function toRow(component: Component): ComponentRow {
  return {
    id: component.id,
    name: component.name,
    nameKey: nameKeyOf(component.name),
    group: component.group,
    description: component.description,
    status: component.status,
    position: component.position,
    createdAt: component.createdAt,
    updatedAt: component.updatedAt,
  };
}

function toComponent(row: ComponentRow): Component {
  return {
    id: row.id,
    name: row.name,
    group: row.group,
    description: row.description,
    status: row.status as ComponentStatus,
    position: row.position,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toChange(row: ComponentStatusChangeRow): ComponentStatusChange {
  return {
    componentId: row.componentId,
    oldStatus: row.oldStatus as ComponentStatus,
    newStatus: row.newStatus as ComponentStatus,
    incidentRef: row.incidentRef,
    at: row.at,
  };
}
