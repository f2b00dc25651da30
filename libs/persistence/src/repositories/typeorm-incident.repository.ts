import {
  IncidentRepository,
  type Incident,
  type IncidentCall,
  type Page,
  type IncidentMilestones,
  type IncidentQuery,
  type IncidentSpace,
  type Participant,
  type Platform,
  type RoleHolders,
} from '@firebreak/incident';
import { EntityManager, In } from 'typeorm';
import { IncidentRow, IncidentSpaceRow } from '../entities/incident.entity.js';
import { dateOrNull, toIsoText } from '../entities/iso-date-column.js';
import { ChangedSinceRead } from '../lost-race.js';
import { AdvisoryLock, holdUntilCommit } from '../postgres-advisory-lock.js';

/** What a transaction last read or wrote of one incident: its domain value, and its space rows when known. */
interface KnownIncident {
  readonly incident: Incident;
  readonly spaceRows: readonly IncidentSpaceRow[] | null;
}

export class TypeOrmIncidentRepository extends IncidentRepository {
  /**
   * Inside a transaction (one unit of work), the incidents it has read or saved. A command reads its incident,
   * saves it, and may read it again (a handler, the answer): only the first read needs the database. Nothing
   * else writes incident rows, and a unit of work's repository lives no longer than its transaction.
   */
  private readonly known = new Map<string, KnownIncident>();

  constructor(private readonly manager: EntityManager) {
    super();
  }

  async nextNumber(): Promise<number> {
    await holdUntilCommit(this.manager, AdvisoryLock.IncidentNumbering);
    const highest = await this.manager
      .createQueryBuilder(IncidentRow, 'incident')
      .select('MAX(incident.number)', 'highest')
      .getRawOne<{ highest: number | string | null }>();
    return Number(highest?.highest ?? 0) + 1;
  }

  async findByRef(ref: string): Promise<Incident | null> {
    const known = this.inTransaction() ? this.known.get(ref) : undefined;
    if (known) return known.incident;
    const row = await this.manager.findOneBy(IncidentRow, { ref });
    return row ? this.withSpaces(row) : null;
  }

  async findBySpace(platform: Platform, channelId: string): Promise<Incident | null> {
    const row = await this.manager
      .createQueryBuilder(IncidentRow, 'incident')
      .innerJoin(IncidentSpaceRow, 'space', 'space.incidentRef = incident.ref')
      .where('space.platform = :platform AND space.channelId = :channelId', { platform, channelId })
      .getOne();
    return row ? this.withSpaces(row) : null;
  }

  async list(query: IncidentQuery = {}): Promise<Incident[]> {
    if (query.statuses?.length === 0) return [];
    const builder = this.manager
      .createQueryBuilder(IncidentRow, 'incident')
      .orderBy('incident.number', 'DESC');
    if (query.statuses)
      builder.andWhere('incident.status IN (:...statuses)', { statuses: [...query.statuses] });
    if (query.published)
      builder.andWhere(
        'EXISTS (SELECT 1 FROM status_update published WHERE published.incident_ref = incident.ref)',
      );
    if (query.limit !== undefined) builder.limit(query.limit);
    if (query.offset) builder.offset(query.offset);
    const rows = await builder.getMany();
    const spaces = await this.spacesOf(rows.map((row) => row.ref));
    return rows.map((row) => toIncident(row, spaces.get(row.ref) ?? []));
  }

  /**
   * Selected columns as raw values, not entities: on 5,000 incidents TypeORM's entity hydration took 110–130 ms,
   * the raw rows about 11 ms (SQLite).
   */
  async listMilestones(declaredFrom: Date): Promise<IncidentMilestones[]> {
    const rows = await this.manager
      .createQueryBuilder(IncidentRow, 'incident')
      .select('incident.ref', 'ref')
      .addSelect('incident.severity', 'severity')
      .addSelect('incident.componentIdsJson', 'componentIds')
      .addSelect('incident.declaredAt', 'declaredAt')
      .addSelect('incident.startedAt', 'startedAt')
      .addSelect('incident.acknowledgedAt', 'acknowledgedAt')
      .addSelect('incident.mitigatedAt', 'mitigatedAt')
      .addSelect('incident.resolvedAt', 'resolvedAt')
      .where('incident.declaredAt >= :declaredFrom', { declaredFrom: toIsoText(declaredFrom) })
      .orderBy('incident.declaredAt', 'ASC')
      .addOrderBy('incident.number', 'ASC')
      .getRawMany<RawMilestones>();
    return rows.map(toMilestones);
  }

  async save(incident: Incident, expectedVersion: number | null): Promise<void> {
    if (expectedVersion === null) await this.insert(incident);
    else await this.update(incident, expectedVersion);
    const spaceRows = await this.saveSpaces(incident);
    if (this.inTransaction()) this.known.set(incident.ref, { incident, spaceRows });
  }

  private inTransaction(): boolean {
    return this.manager.queryRunner?.isTransactionActive === true;
  }

  private async insert(incident: Incident): Promise<void> {
    if (await this.manager.existsBy(IncidentRow, { ref: incident.ref }))
      throw new ChangedSinceRead(incident.ref);
    await this.manager.insert(IncidentRow, toRow(incident));
  }

  private async update(incident: Incident, expectedVersion: number): Promise<void> {
    const result = await this.manager
      .createQueryBuilder()
      .update(IncidentRow)
      .set(toRow(incident))
      .where('ref = :ref AND version = :expectedVersion', { ref: incident.ref, expectedVersion })
      .execute();
    if (result.affected === 0) throw new ChangedSinceRead(incident.ref);
  }

  /**
   * Writes only the spaces that changed. Every command saves its incident, so rewriting them all would delete
   * and re-insert each space row on every command; a space is its row, found by platform and channel.
   */
  private async saveSpaces(incident: Incident): Promise<readonly IncidentSpaceRow[] | null> {
    const stored = await this.storedSpaceRows(incident.ref);
    const wanted = new Map(
      incident.spaces.map((space) => [spaceKey(space), toSpaceRow(incident.ref, space)]),
    );
    const gone = stored.filter((row) => !wanted.has(spaceKey(row))).map((row) => row.id);
    if (gone.length) await this.manager.delete(IncidentSpaceRow, { id: In(gone) });
    const existing = new Map(stored.map((row) => [spaceKey(row), row]));
    let changed = gone.length > 0;
    for (const [key, row] of wanted) {
      const current = existing.get(key);
      if (!current) await this.manager.insert(IncidentSpaceRow, row);
      else if (!sameSpace(current, row)) await this.manager.update(IncidentSpaceRow, { id: current.id }, row);
      else continue;
      changed = true;
    }
    // Rows written here would need their new ids and values: the next save reads them again.
    return changed ? null : stored;
  }

  private async storedSpaceRows(ref: string): Promise<readonly IncidentSpaceRow[]> {
    const known = this.inTransaction() ? this.known.get(ref)?.spaceRows : null;
    return (
      known ?? this.manager.find(IncidentSpaceRow, { where: { incidentRef: ref }, order: { id: 'ASC' } })
    );
  }

  private async withSpaces(row: IncidentRow): Promise<Incident> {
    const spaceRows = await this.storedSpaceRows(row.ref);
    const incident = toIncident(row, spaceRows.map(toSpace));
    if (this.inTransaction()) this.known.set(row.ref, { incident, spaceRows });
    return incident;
  }

  private async spacesOf(refs: readonly string[]): Promise<Map<string, IncidentSpace[]>> {
    const byRef = new Map<string, IncidentSpace[]>();
    if (refs.length === 0) return byRef;
    const rows = await this.manager.find(IncidentSpaceRow, {
      where: { incidentRef: In([...refs]) },
      order: { id: 'ASC' },
    });
    for (const row of rows) byRef.set(row.incidentRef, [...(byRef.get(row.incidentRef) ?? []), toSpace(row)]);
    return byRef;
  }
}

/** A milestones row as the driver returns it: dates as ISO text, component ids as JSON. */
type RawMilestones = Record<keyof IncidentMilestones, string | null>;

function toMilestones(row: RawMilestones): IncidentMilestones {
  return {
    ref: row.ref!,
    severity: row.severity as IncidentMilestones['severity'],
    componentIds: JSON.parse(row.componentIds!) as string[],
    declaredAt: new Date(row.declaredAt!),
    startedAt: new Date(row.startedAt!),
    acknowledgedAt: dateOrNull(row.acknowledgedAt),
    mitigatedAt: dateOrNull(row.mitigatedAt),
    resolvedAt: dateOrNull(row.resolvedAt),
  };
}

function toRow(incident: Incident): IncidentRow {
  return {
    ref: incident.ref,
    number: incident.number,
    title: incident.title,
    publicTitle: incident.publicTitle,
    publicImpact: incident.publicImpact,
    summary: incident.summary,
    impact: incident.impact,
    severity: incident.severity,
    status: incident.status,
    rolesJson: JSON.stringify(incident.roles),
    componentIdsJson: JSON.stringify(incident.componentIds),
    declaredAt: incident.declaredAt,
    startedAt: incident.startedAt,
    updatedAt: incident.updatedAt,
    acknowledgedAt: incident.acknowledgedAt,
    mitigatedAt: incident.mitigatedAt,
    resolvedAt: incident.resolvedAt,
    closedAt: incident.closedAt,
    retrospective: incident.retrospective,
    private: incident.private,
    inviteesJson: JSON.stringify(incident.invitees),
    declaredPlatform: incident.declaredIn.platform,
    declaredChannelId: incident.declaredIn.channelId,
    pagesJson: JSON.stringify(incident.pages ?? []),
    callJson: incident.call ? JSON.stringify(incident.call) : null,
    version: incident.version,
  };
}

function toIncident(row: IncidentRow, spaces: readonly IncidentSpace[]): Incident {
  return {
    ref: row.ref,
    number: row.number,
    title: row.title,
    publicTitle: row.publicTitle,
    publicImpact: row.publicImpact as Incident['publicImpact'],
    summary: row.summary,
    impact: row.impact,
    severity: row.severity as Incident['severity'],
    status: row.status as Incident['status'],
    roles: JSON.parse(row.rolesJson) as RoleHolders,
    componentIds: JSON.parse(row.componentIdsJson) as string[],
    declaredAt: row.declaredAt,
    startedAt: row.startedAt,
    updatedAt: row.updatedAt,
    acknowledgedAt: row.acknowledgedAt,
    mitigatedAt: row.mitigatedAt,
    resolvedAt: row.resolvedAt,
    closedAt: row.closedAt,
    retrospective: Boolean(row.retrospective),
    private: Boolean(row.private),
    invitees: JSON.parse(row.inviteesJson) as Participant[],
    declaredIn: { platform: row.declaredPlatform as Platform, channelId: row.declaredChannelId },
    spaces: [...spaces],
    // Left out when there are none, as the domain leaves them out of an incident never paged or called.
    ...pagesAndCallFrom(row),
    version: row.version,
  };
}

function pagesAndCallFrom(row: IncidentRow): Pick<Incident, 'pages' | 'call'> {
  const pages = pagesFrom(row.pagesJson);
  const call = callFrom(row.callJson);
  return { ...(pages.length ? { pages } : {}), ...(call ? { call } : {}) };
}

type Stored<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

function pagesFrom(json: string): Page[] {
  return (JSON.parse(json) as Stored<Page>[]).map((page) => ({
    ...page,
    pagedAt: new Date(page.pagedAt),
    acknowledgedAt: dateOrNull(page.acknowledgedAt),
    resolvedAt: dateOrNull(page.resolvedAt),
  }));
}

function callFrom(json: string | null): IncidentCall | null {
  if (json === null) return null;
  const call = JSON.parse(json) as Stored<IncidentCall>;
  return { ...call, requestedAt: new Date(call.requestedAt), endedAt: dateOrNull(call.endedAt) };
}

function toSpaceRow(incidentRef: string, space: IncidentSpace): Omit<IncidentSpaceRow, 'id'> {
  return {
    incidentRef,
    platform: space.platform,
    channelId: space.channelId,
    headlineMessageId: space.headlineMessageId ?? null,
    announcementMessageId: space.announcementMessageId ?? null,
    url: space.url ?? null,
  };
}

const spaceKey = (space: { platform: string; channelId: string }): string =>
  JSON.stringify([space.platform, space.channelId]);

function sameSpace(row: IncidentSpaceRow, wanted: Omit<IncidentSpaceRow, 'id'>): boolean {
  return (
    row.headlineMessageId === wanted.headlineMessageId &&
    row.announcementMessageId === wanted.announcementMessageId &&
    row.url === wanted.url
  );
}

function toSpace(row: IncidentSpaceRow): IncidentSpace {
  return {
    platform: row.platform as Platform,
    channelId: row.channelId,
    headlineMessageId: row.headlineMessageId,
    announcementMessageId: row.announcementMessageId,
    url: row.url,
  };
}
