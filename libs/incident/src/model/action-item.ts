import type { Participant } from './participant.js';
import type { Severity } from './severity.js';

/** `action` items are done during the incident; `followup` items are the work that comes after it. */
export type ActionItemKind = 'action' | 'followup';
export type ActionItemState = 'open' | 'done';

export interface ActionItem {
  readonly id: number;
  readonly incidentRef: string;
  readonly kind: ActionItemKind;
  readonly text: string;
  readonly owner: Participant | null;
  readonly dueAt: Date | null;
  readonly state: ActionItemState;
  readonly createdBy: Participant;
  readonly createdAt: Date;
  readonly doneAt: Date | null;
}

export type NewActionItem = Omit<ActionItem, 'id'>;

/** What the insights read of a follow-up: its dates, and its incident's severity (they filter by it). */
export interface FollowupDates extends Pick<
  ActionItem,
  'id' | 'incidentRef' | 'createdAt' | 'dueAt' | 'doneAt'
> {
  readonly severity: Severity;
}
