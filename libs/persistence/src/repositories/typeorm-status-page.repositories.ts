import {
  MaintenanceRepository,
  WriteUpRepository,
  type Maintenance,
  type NewMaintenance,
  type WriteUp,
  type WriteUpState,
} from '@firebreak/incident';
import { EntityManager } from 'typeorm';
import { MaintenanceRow, WriteUpRow } from '../entities/status-page.entity.js';

export class TypeOrmMaintenanceRepository extends MaintenanceRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async add(maintenance: NewMaintenance): Promise<Maintenance> {
    const result = await this.manager.insert(MaintenanceRow, toMaintenanceColumns(maintenance));
    return { ...maintenance, id: Number(result.identifiers[0]!['id']) };
  }

  async findById(id: number): Promise<Maintenance | null> {
    const row = await this.manager.findOneBy(MaintenanceRow, { id });
    return row ? toMaintenance(row) : null;
  }

  async list(query: { readonly limit?: number } = {}): Promise<Maintenance[]> {
    const rows = await this.manager.find(MaintenanceRow, {
      order: { scheduledFor: 'DESC', id: 'DESC' },
      take: query.limit ?? 50,
    });
    return rows.map(toMaintenance);
  }

  async save(maintenance: Maintenance): Promise<void> {
    await this.manager.update(MaintenanceRow, { id: maintenance.id }, toMaintenanceColumns(maintenance));
  }
}

export class TypeOrmWriteUpRepository extends WriteUpRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async findBySlug(slug: string): Promise<WriteUp | null> {
    const row = await this.manager.findOneBy(WriteUpRow, { slug });
    return row ? toWriteUp(row) : null;
  }

  async findByIncident(incidentRef: string): Promise<WriteUp | null> {
    const row = await this.manager.findOne(WriteUpRow, {
      where: { incidentRef },
      order: { updatedAt: 'DESC' },
    });
    return row ? toWriteUp(row) : null;
  }

  async listPublished(): Promise<WriteUp[]> {
    const rows = await this.manager.find(WriteUpRow, {
      where: { state: 'published' },
      order: { publishedAt: 'DESC', slug: 'ASC' },
    });
    return rows.map(toWriteUp).filter((writeUp) => writeUp.publishedAt !== null);
  }

  async save(writeUp: WriteUp): Promise<void> {
    await this.manager.upsert(WriteUpRow, { ...writeUp }, ['slug']);
  }
}

function toMaintenanceColumns(maintenance: NewMaintenance): Omit<MaintenanceRow, 'id'> {
  return {
    title: maintenance.title,
    body: maintenance.body,
    componentIdsJson: JSON.stringify(maintenance.componentIds),
    scheduledFor: maintenance.scheduledFor,
    scheduledUntil: maintenance.scheduledUntil,
    cancelledAt: maintenance.cancelledAt,
    createdAt: maintenance.createdAt,
    updatedAt: maintenance.updatedAt,
  };
}

function toMaintenance(row: MaintenanceRow): Maintenance {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    componentIds: JSON.parse(row.componentIdsJson) as string[],
    scheduledFor: row.scheduledFor,
    scheduledUntil: row.scheduledUntil,
    cancelledAt: row.cancelledAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toWriteUp(row: WriteUpRow): WriteUp {
  return {
    slug: row.slug,
    incidentRef: row.incidentRef,
    title: row.title,
    markdown: row.markdown,
    state: row.state as WriteUpState,
    publishedAt: row.publishedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
