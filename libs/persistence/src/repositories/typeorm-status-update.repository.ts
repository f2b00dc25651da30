import {
  StatusUpdateRepository,
  type AffectedComponent,
  type IncidentStatus,
  type NewStatusUpdate,
  type StatusUpdate,
} from '@firebreak/incident';
import { EntityManager, In } from 'typeorm';
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

  async listForIncidents(incidentRefs: readonly string[]): Promise<StatusUpdate[]> {
    const rows: StatusUpdateRow[] = [];
    // Chunks keep each IN list well under SQLite's and PostgreSQL's bound-parameter limits.
    for (let start = 0; start < incidentRefs.length; start += REFS_PER_QUERY) {
      const refs = incidentRefs.slice(start, start + REFS_PER_QUERY);
      rows.push(...(await this.manager.find(StatusUpdateRow, { where: { incidentRef: In(refs) } })));
    }
    return rows.sort((a, b) => b.id - a.id).map(toStatusUpdate);
  }
}

const REFS_PER_QUERY = 500;

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
