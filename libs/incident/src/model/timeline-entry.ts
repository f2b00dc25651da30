import type { Participant } from './participant.js';

export const TIMELINE_ENTRY_KINDS = [
  'declared',
  'status_changed',
  'severity_changed',
  'summary_changed',
  'impact_changed',
  'title_changed',
  'public_title_changed',
  'public_impact_changed',
  'access_changed',
  'role_changed',
  'message_pinned',
  'message_unpinned',
  'action_logged',
  'followup_added',
  'action_done',
  'note',
  'status_update_published',
  'component_status_changed',
  'components_changed',
  'alert_firing',
  'alert_resolved',
  'paged',
  'page_acknowledged',
  'call_opened',
  'closed',
] as const;
export type TimelineEntryKind = (typeof TIMELINE_ENTRY_KINDS)[number];

/** A pinned chat message as it stood when pinned: the record outlives the chat channel. */
export interface PinnedMessage {
  readonly platform: string;
  readonly messageId: string;
  readonly link: string | null;
  readonly author: Participant;
  readonly text: string;
  readonly postedAt: Date | null;
}

export interface TimelineEntry {
  readonly id: number;
  readonly incidentRef: string;
  readonly kind: TimelineEntryKind;
  readonly at: Date;
  readonly author: Participant | null;
  /** Human-readable line, e.g. "Severity changed from major to critical". */
  readonly text: string;
  readonly message: PinnedMessage | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export type NewTimelineEntry = Omit<TimelineEntry, 'id'>;

/** The action item or follow-up an entry is about (`action_added`, `followup_added`, …), when it names one. */
export function itemIdOf(entry: { readonly data: Readonly<Record<string, unknown>> }): number | null {
  const id = entry.data['itemId'];
  return typeof id === 'number' ? id : null;
}
