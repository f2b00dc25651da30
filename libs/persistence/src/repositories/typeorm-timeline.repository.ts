import {
  TimelineRepository,
  type NewTimelineEntry,
  type PinnedMessage,
  type TimelineEntry,
  type TimelineEntryKind,
  type TimelineQuery,
} from '@firebreak/incident';
import { EntityManager } from 'typeorm';
import { toIsoText } from '../entities/iso-date-column.js';
import { TimelineEntryRow } from '../entities/timeline-entry.entity.js';
import { participantFrom, participantOrNull } from './participant-columns.js';

export class TypeOrmTimelineRepository extends TimelineRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async append(entries: readonly NewTimelineEntry[]): Promise<TimelineEntry[]> {
    const written: TimelineEntry[] = [];
    // One insert per entry: the only portable way to learn each generated id (commands write a handful).
    for (const entry of entries) {
      const result = await this.manager.insert(TimelineEntryRow, toRow(entry));
      written.push({ ...entry, id: Number(result.identifiers[0]!['id']) });
    }
    return written;
  }

  /** One indexed range scan on (incident_ref, id), oldest first. */
  async listFor(incidentRef: string, query: TimelineQuery = {}): Promise<TimelineEntry[]> {
    const builder = this.manager
      .createQueryBuilder(TimelineEntryRow, 'entry')
      .where('entry.incidentRef = :incidentRef AND entry.id > :after', {
        incidentRef,
        after: query.after ?? 0,
      })
      .orderBy('entry.id', 'ASC');
    if (query.limit !== undefined) builder.limit(query.limit);
    const rows = await builder.getMany();
    return rows.map(toEntry);
  }

  countFor(incidentRef: string): Promise<number> {
    return this.manager.countBy(TimelineEntryRow, { incidentRef });
  }
}

function toRow(entry: NewTimelineEntry): Omit<TimelineEntryRow, 'id'> {
  return {
    incidentRef: entry.incidentRef,
    kind: entry.kind,
    at: entry.at,
    authorId: entry.author?.id ?? null,
    authorName: entry.author?.displayName ?? null,
    text: entry.text,
    messageJson: entry.message ? JSON.stringify(storedMessage(entry.message)) : null,
    dataJson: JSON.stringify(entry.data),
  };
}

function toEntry(row: TimelineEntryRow): TimelineEntry {
  return {
    id: row.id,
    incidentRef: row.incidentRef,
    kind: row.kind as TimelineEntryKind,
    at: row.at,
    author: participantOrNull(row.authorId, row.authorName),
    text: row.text,
    message:
      row.messageJson === null ? null : pinnedMessage(JSON.parse(row.messageJson) as StoredPinnedMessage),
    data: JSON.parse(row.dataJson) as TimelineEntry['data'],
  };
}

type StoredPinnedMessage = Omit<PinnedMessage, 'postedAt'> & { readonly postedAt: string | null };

function storedMessage(message: PinnedMessage): StoredPinnedMessage {
  return {
    platform: message.platform,
    messageId: message.messageId,
    link: message.link,
    author: participantFrom(message.author.id, message.author.displayName),
    text: message.text,
    postedAt: message.postedAt ? toIsoText(message.postedAt) : null,
  };
}

function pinnedMessage(stored: StoredPinnedMessage): PinnedMessage {
  return { ...stored, postedAt: stored.postedAt === null ? null : new Date(stored.postedAt) };
}
