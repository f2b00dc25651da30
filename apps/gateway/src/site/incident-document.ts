import {
  isActive,
  ROLE_TITLES,
  ROLES,
  type ActionItem,
  type Component,
  type Incident,
  type Participant,
  type ScheduledUpdate,
  type StatusUpdate,
  type TimelineEntry,
  type TimelineEntryKind,
} from '@firebreak/incident';
import { incidentDuration } from './incident-list.js';
import { shownTime, type ShownTime } from './time-zone.js';

/** The timeline's filter: kinds of entries people look for together. */
export const TIMELINE_FILTERS = {
  pins: ['message_pinned', 'message_unpinned'],
  actions: ['action_logged', 'followup_added', 'action_done'],
  changes: [
    'declared',
    'status_changed',
    'severity_changed',
    'summary_changed',
    'impact_changed',
    'title_changed',
    'role_changed',
    'components_changed',
    'component_status_changed',
    'closed',
  ],
  updates: ['status_update_published'],
  notes: ['note'],
  alerts: ['alert_firing', 'alert_resolved'],
} as const satisfies Record<string, readonly TimelineEntryKind[]>;
export type TimelineFilter = keyof typeof TIMELINE_FILTERS;

const FILTER_LABELS: Record<TimelineFilter, string> = {
  pins: 'Pinned messages',
  actions: 'Actions',
  changes: 'Status, role and fact changes',
  updates: 'Public updates',
  notes: 'Notes',
  alerts: 'Alerts',
};

export const readTimelineFilter = (value: unknown): TimelineFilter | null =>
  typeof value === 'string' && Object.hasOwn(TIMELINE_FILTERS, value) ? (value as TimelineFilter) : null;

/** Everything the living document shows, read once per page view. */
export interface DocumentRecord {
  readonly incident: Incident;
  readonly items: readonly ActionItem[];
  readonly updates: readonly StatusUpdate[];
  readonly scheduled: readonly ScheduledUpdate[];
  readonly components: readonly Component[];
}

/** What the incident's call is, as its link reads. */
const CALL_LABELS = { discord: 'Discord voice channel', teams: 'Teams meeting', link: 'Call link' } as const;

/** How the viewer reads it: their zone, the timeline filter, and which items they may tick. */
export interface DocumentReading {
  readonly zone: string;
  readonly filter: TimelineFilter | null;
  readonly now: Date;
  mayTick(item: ActionItem): boolean;
}

export interface PersonView {
  readonly name: string;
  readonly profileUrl: string | null;
}

/** The view the incident template renders; every text in it is escaped by the template. */
export function documentView(record: DocumentRecord, reading: DocumentReading) {
  const { incident } = record;
  const time = (date: Date | null): ShownTime | null => (date ? shownTime(date, reading.zone) : null);
  return {
    incident,
    open: isActive(incident.status),
    facts: {
      components: componentNames(incident, record.components),
      declaredAt: time(incident.declaredAt),
      startedAt: incident.startedAt < incident.declaredAt ? time(incident.startedAt) : null,
      resolvedAt: time(incident.resolvedAt),
      closedAt: time(incident.closedAt),
      duration: incidentDuration(incident, reading.now),
    },
    roles: ROLES.map((role) => ({ title: ROLE_TITLES[role], holder: personView(incident.roles[role]) })),
    spaces: incident.spaces
      .filter((space) => space.url)
      .map((space) => ({
        label: space.platform === 'discord' ? 'Discord channel' : 'Teams conversation',
        url: space.url,
      })),
    call: incident.call?.url ? { label: CALL_LABELS[incident.call.provider], url: incident.call.url } : null,
    timelineFilters: Object.entries(FILTER_LABELS).map(([id, label]) => ({
      id,
      label,
      current: id === reading.filter,
    })),
    actions: itemsView(record.items, 'action', reading, time),
    followups: itemsView(record.items, 'followup', reading, time),
    updates: [...record.updates]
      .sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime())
      .map((update) => ({
        body: update.body,
        status: update.status,
        author: update.author.displayName,
        at: time(update.publishedAt),
      })),
    scheduled: record.scheduled
      .filter((each) => each.state === 'scheduled')
      .map((each) => ({
        id: each.id,
        body: each.body,
        author: each.author.displayName,
        at: time(each.publishAt),
      })),
  };
}

/** The timeline as the viewer reads it: filtered by kind, times in their zone. */
export function timelineView(
  entries: readonly TimelineEntry[],
  reading: Pick<DocumentReading, 'zone' | 'filter'>,
) {
  const time = (date: Date) => shownTime(date, reading.zone);
  const kinds: readonly TimelineEntryKind[] | null = reading.filter ? TIMELINE_FILTERS[reading.filter] : null;
  return entries
    .filter((entry) => !kinds || kinds.includes(entry.kind))
    .map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      at: time(entry.at),
      author: entry.author?.displayName ?? null,
      text: entry.message ? null : entry.text,
      pin: entry.message
        ? {
            author: personView(entry.message.author),
            text: entry.message.text,
            link: entry.message.link,
            unpinned: entry.kind === 'message_unpinned',
          }
        : null,
    }));
}

function itemsView(
  items: readonly ActionItem[],
  kind: ActionItem['kind'],
  reading: DocumentReading,
  time: (date: Date | null) => ShownTime | null,
) {
  return items
    .filter((item) => item.kind === kind)
    .map((item) => ({
      id: item.id,
      text: item.text,
      done: item.state === 'done',
      owner: personView(item.owner),
      due: time(item.dueAt),
      overdue: item.state === 'open' && item.dueAt !== null && item.dueAt < reading.now,
      tickable: item.state === 'open' && reading.mayTick(item),
    }));
}

function componentNames(incident: Incident, components: readonly Component[]): string[] {
  const names = new Map(components.map((component) => [component.id, component.name]));
  return incident.componentIds.map((id) => names.get(id) ?? id);
}

export function personView(person: Participant | null | undefined): PersonView | null {
  return person ? { name: person.displayName, profileUrl: chatProfileUrl(person.id) } : null;
}

const DISCORD_USER = /^discord:(\d{15,21})$/;
const AAD_OBJECT_ID = /^teams:([\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12})$/i;

/** Their profile on the chat platform, where it has a link for one: a Discord user, a Teams chat with them. */
export function chatProfileUrl(participantId: string): string | null {
  const discord = DISCORD_USER.exec(participantId);
  if (discord) return `https://discord.com/users/${discord[1]}`;
  const teams = AAD_OBJECT_ID.exec(participantId);
  if (teams) return `https://teams.microsoft.com/l/chat/0/0?users=8:orgid:${teams[1]}`;
  return null;
}
