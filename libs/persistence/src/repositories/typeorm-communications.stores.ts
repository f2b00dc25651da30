import {
  ReminderStateRepository,
  REMINDER_KINDS,
  ScheduledUpdateRepository,
  UpdateDraftRepository,
  UpdateTemplateRepository,
  type CommunicationsStores,
  type NewScheduledUpdate,
  type NewUpdateDraft,
  type Participant,
  type ReminderKind,
  type ReminderState,
  type ScheduledUpdate,
  type UpdateDraft,
  type UpdateTemplates,
} from '@firebreak/incident';
import { EntityManager, LessThanOrEqual } from 'typeorm';
import {
  IncidentReminderRow,
  ScheduledUpdateRow,
  UpdateDraftRow,
  UpdateTemplateRow,
} from '../entities/communications.entity.js';
import { toIsoText } from '../entities/iso-date-column.js';
import { participantFrom, participantOrNull } from './participant-columns.js';

export function communicationsStoresFor(manager: EntityManager): CommunicationsStores {
  return {
    scheduled: new TypeOrmScheduledUpdateRepository(manager),
    drafts: new TypeOrmUpdateDraftRepository(manager),
    reminders: new TypeOrmReminderStateRepository(manager),
    templates: new TypeOrmUpdateTemplateRepository(manager),
  };
}

class TypeOrmScheduledUpdateRepository extends ScheduledUpdateRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async add(update: NewScheduledUpdate): Promise<ScheduledUpdate> {
    const result = await this.manager.insert(ScheduledUpdateRow, {
      incidentRef: update.incidentRef,
      body: update.body,
      publishAt: update.publishAt,
      zone: update.zone,
      state: 'scheduled',
      authorId: update.author.id,
      authorName: update.author.displayName,
      createdAt: update.createdAt,
      settledAt: null,
      note: null,
    });
    return {
      ...update,
      id: Number(result.identifiers[0]!['id']),
      state: 'scheduled',
      settledAt: null,
      note: null,
    };
  }

  async findById(id: number): Promise<ScheduledUpdate | null> {
    const row = await this.manager.findOne(ScheduledUpdateRow, { where: { id } });
    return row ? toScheduled(row) : null;
  }

  async listScheduled(incidentRef: string): Promise<ScheduledUpdate[]> {
    const rows = await this.manager.find(ScheduledUpdateRow, {
      where: { incidentRef, state: 'scheduled' },
      order: { publishAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toScheduled);
  }

  async listDue(now: Date, limit: number): Promise<ScheduledUpdate[]> {
    const rows = await this.manager.find(ScheduledUpdateRow, {
      where: { state: 'scheduled', publishAt: LessThanOrEqual(toIsoText(now)) as unknown as Date },
      order: { publishAt: 'ASC', id: 'ASC' },
      take: limit,
    });
    return rows.map(toScheduled);
  }

  async settle(id: number, state: ScheduledUpdate['state'], at: Date, note?: string): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(ScheduledUpdateRow)
      .set({ state, settledAt: at, note: note ?? null })
      .where('id = :id AND state = :scheduled', { id, scheduled: 'scheduled' })
      .execute();
    return (result.affected ?? 0) === 1;
  }
}

function toScheduled(row: ScheduledUpdateRow): ScheduledUpdate {
  return {
    id: row.id,
    incidentRef: row.incidentRef,
    body: row.body,
    publishAt: row.publishAt,
    zone: row.zone,
    state: row.state as ScheduledUpdate['state'],
    author: participantFrom(row.authorId, row.authorName),
    createdAt: row.createdAt,
    settledAt: row.settledAt,
    note: row.note,
  };
}

class TypeOrmUpdateDraftRepository extends UpdateDraftRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async add(draft: NewUpdateDraft): Promise<UpdateDraft> {
    const result = await this.manager.insert(UpdateDraftRow, {
      incidentRef: draft.incidentRef,
      body: draft.body,
      state: 'proposed',
      authorId: draft.author.id,
      authorName: draft.author.displayName,
      createdAt: draft.createdAt,
      approvedById: null,
      approvedByName: null,
      approvedAt: null,
    });
    return {
      ...draft,
      id: Number(result.identifiers[0]!['id']),
      state: 'proposed',
      approvedBy: null,
      approvedAt: null,
    };
  }

  async findById(id: number): Promise<UpdateDraft | null> {
    const row = await this.manager.findOne(UpdateDraftRow, { where: { id } });
    return row ? toDraft(row) : null;
  }

  async listProposed(incidentRef: string): Promise<UpdateDraft[]> {
    const rows = await this.manager.find(UpdateDraftRow, {
      where: { incidentRef, state: 'proposed' },
      order: { id: 'ASC' },
    });
    return rows.map(toDraft);
  }

  async approve(id: number, by: Participant, at: Date): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(UpdateDraftRow)
      .set({ state: 'approved', approvedById: by.id, approvedByName: by.displayName, approvedAt: at })
      .where('id = :id AND state = :proposed', { id, proposed: 'proposed' })
      .execute();
    return (result.affected ?? 0) === 1;
  }
}

function toDraft(row: UpdateDraftRow): UpdateDraft {
  return {
    id: row.id,
    incidentRef: row.incidentRef,
    body: row.body,
    state: row.state as UpdateDraft['state'],
    author: participantFrom(row.authorId, row.authorName),
    createdAt: row.createdAt,
    approvedBy: participantOrNull(row.approvedById, row.approvedByName),
    approvedAt: row.approvedAt,
  };
}

const SNOOZE = 'snooze';

class TypeOrmReminderStateRepository extends ReminderStateRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async find(incidentRef: string): Promise<ReminderState> {
    const rows = await this.manager.find(IncidentReminderRow, { where: { incidentRef } });
    const lastReminded: Partial<Record<ReminderKind, Date>> = {};
    let snoozedUntil: Date | null = null;
    for (const row of rows) {
      if (row.kind === SNOOZE) snoozedUntil = row.at;
      else if ((REMINDER_KINDS as readonly string[]).includes(row.kind))
        lastReminded[row.kind as ReminderKind] = row.at;
    }
    return { incidentRef, lastReminded, snoozedUntil };
  }

  async claim(incidentRef: string, kind: ReminderKind, previous: Date | null, at: Date): Promise<boolean> {
    if (previous === null) {
      // The primary key makes a concurrent first claim fail instead of posting twice.
      const existing = await this.manager.findOne(IncidentReminderRow, { where: { incidentRef, kind } });
      if (existing) return false;
      await this.manager.insert(IncidentReminderRow, { incidentRef, kind, at });
      return true;
    }
    const result = await this.manager
      .createQueryBuilder()
      .update(IncidentReminderRow)
      .set({ at })
      .where('incident_ref = :incidentRef AND kind = :kind AND at = :previous', {
        incidentRef,
        kind,
        previous: toIsoText(previous),
      })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async snooze(incidentRef: string, until: Date): Promise<void> {
    await this.manager.delete(IncidentReminderRow, { incidentRef, kind: SNOOZE });
    await this.manager.insert(IncidentReminderRow, { incidentRef, kind: SNOOZE, at: until });
  }
}

class TypeOrmUpdateTemplateRepository extends UpdateTemplateRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async find(name: string): Promise<string | null> {
    const row = await this.manager.findOne(UpdateTemplateRow, { where: { name: name.toLowerCase() } });
    return row?.body ?? null;
  }

  async list(): Promise<UpdateTemplates> {
    const rows = await this.manager.find(UpdateTemplateRow, { order: { name: 'ASC' } });
    return Object.fromEntries(rows.map((row) => [row.name, row.body]));
  }

  /**
   * Upserts rather than delete-then-insert: replicas starting together each write the same set, and a
   * concurrent insert of a name the other transaction has not committed yet must not fail the start.
   */
  async replaceAll(templates: UpdateTemplates): Promise<void> {
    const rows = Object.entries(templates)
      .map(([name, body]) => ({ name: name.toLowerCase(), body }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const removed = this.manager.createQueryBuilder().delete().from(UpdateTemplateRow);
    if (rows.length) removed.where('name NOT IN (:...names)', { names: rows.map((row) => row.name) });
    await removed.execute();
    if (rows.length) await this.manager.upsert(UpdateTemplateRow, rows, ['name']);
  }
}
