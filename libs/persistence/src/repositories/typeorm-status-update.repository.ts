import {
  StatusUpdateRepository,
  type AffectedComponent,
  type IncidentStatus,
  type NewStatusUpdate,
  type StatusUpdate,
} from '@firebreak/incident';
import { EntityManager } from 'typeorm';
import { StatusUpdateRow } from '../entities/status-update.entity.js';
import { participantFrom } from './participant-columns.js';

export class TypeOrmStatusUpdateRepository extends StatusUpdateRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async add(update: NewStatusUpdate): Promise<StatusUpdate> {
    const result = await this.manager.insert(StatusUpdateRow, {
      incidentRef: update.incidentRef,
      body: update.body,
      status: update.status,
      affectedComponentsJson: JSON.stringify(update.affectedComponents),
      authorId: update.author.id,
      authorName: update.author.displayName,
      publishedAt: update.publishedAt,
    });
    return { ...update, id: Number(result.identifiers[0]!['id']) };
  }

  async listFor(incidentRef: string): Promise<StatusUpdate[]> {
    const rows = await this.manager.find(StatusUpdateRow, { where: { incidentRef }, order: { id: 'DESC' } });
    return rows.map(toStatusUpdate);
  }
}

function toStatusUpdate(row: StatusUpdateRow): StatusUpdate {
  return {
    id: row.id,
    incidentRef: row.incidentRef,
    body: row.body,
    status: row.status as IncidentStatus,
    affectedComponents: JSON.parse(row.affectedComponentsJson) as AffectedComponent[],
    author: participantFrom(row.authorId, row.authorName),
    publishedAt: row.publishedAt,
  };
}
