import type { ScheduledUpdate, UpdateDraft } from '../communications/communications.js';
import type { ActionItem } from '../model/action-item.js';
import type { Component } from '../model/component.js';
import type { Incident } from '../model/incident.js';
import type { StatusUpdate } from '../model/status-update.js';
import type { TimelineEntry } from '../model/timeline-entry.js';
import type { IncidentStores } from '../ports/repositories.js';

/**
 * A record a command created or changed, as stored: what transports answer with, so a reply never has to guess
 * it by reading back the newest row (which, with several callers at once, may be someone else's).
 */
export type CommandRecord =
  | { readonly kind: 'incident'; readonly incident: Incident }
  | { readonly kind: 'timeline_entry'; readonly entry: TimelineEntry }
  /** An action or a follow-up (`item.kind`). */
  | { readonly kind: 'action_item'; readonly item: ActionItem }
  | { readonly kind: 'status_update'; readonly update: StatusUpdate }
  | { readonly kind: 'scheduled_update'; readonly scheduled: ScheduledUpdate }
  | { readonly kind: 'update_draft'; readonly draft: UpdateDraft }
  | { readonly kind: 'component'; readonly component: Component };

export type CommandRecordKind = CommandRecord['kind'];
export type CommandRecordOf<K extends CommandRecordKind> = Extract<CommandRecord, { readonly kind: K }>;

/**
 * Which record, kept with an idempotency key instead of the record itself: a retried request is answered with
 * the record as it stands then, read back by id.
 */
export type RecordReference =
  | { readonly kind: 'incident'; readonly ref: string }
  | { readonly kind: 'timeline_entry' | 'status_update'; readonly incidentRef: string; readonly id: number }
  | { readonly kind: 'action_item' | 'scheduled_update' | 'update_draft'; readonly id: number }
  | { readonly kind: 'component'; readonly id: string };

export function referenceTo(record: CommandRecord): RecordReference {
  switch (record.kind) {
    case 'incident':
      return { kind: 'incident', ref: record.incident.ref };
    case 'timeline_entry':
      return { kind: record.kind, incidentRef: record.entry.incidentRef, id: record.entry.id };
    case 'status_update':
      return { kind: record.kind, incidentRef: record.update.incidentRef, id: record.update.id };
    case 'action_item':
      return { kind: record.kind, id: record.item.id };
    case 'scheduled_update':
      return { kind: record.kind, id: record.scheduled.id };
    case 'update_draft':
      return { kind: record.kind, id: record.draft.id };
    case 'component':
      return { kind: record.kind, id: record.component.id };
  }
}

/** The record as it stands now, or null if it is gone. */
export async function readRecord(
  stores: IncidentStores,
  reference: RecordReference,
): Promise<CommandRecord | null> {
  const found = <T>(value: T | null | undefined, wrap: (value: T) => CommandRecord) =>
    value ? wrap(value) : null;
  switch (reference.kind) {
    case 'incident':
      return found(await stores.incidents.findByRef(reference.ref), (incident) => ({
        kind: 'incident',
        incident,
      }));
    case 'timeline_entry': {
      const entries = await stores.timeline.listFor(reference.incidentRef);
      return found(
        entries.find((each) => each.id === reference.id),
        (entry) => ({ kind: 'timeline_entry', entry }),
      );
    }
    case 'status_update': {
      const updates = await stores.updates.listFor(reference.incidentRef);
      return found(
        updates.find((each) => each.id === reference.id),
        (update) => ({ kind: 'status_update', update }),
      );
    }
    case 'action_item':
      return found(await stores.actions.findById(reference.id), (item) => ({ kind: 'action_item', item }));
    case 'scheduled_update': {
      const scheduled = await stores.communications.scheduled.findById(reference.id);
      return found(scheduled, (each) => ({ kind: 'scheduled_update', scheduled: each }));
    }
    case 'update_draft': {
      const draft = await stores.communications.drafts.findById(reference.id);
      return found(draft, (each) => ({ kind: 'update_draft', draft: each }));
    }
    case 'component':
      return found(await stores.components.findById(reference.id), (component) => ({
        kind: 'component',
        component,
      }));
  }
}

/**
 * The last record of a kind among a command's records. A command that did not make one is a programming error
 * in the caller (it asked the wrong command), so this refuses loudly rather than answering with something else.
 */
export function recordOf<K extends CommandRecordKind>(
  records: readonly CommandRecord[],
  kind: K,
): CommandRecordOf<K> {
  const record = records.findLast((each): each is CommandRecordOf<K> => each.kind === kind);
  if (record) return record;
  throw new Error(`The command made no ${kind.replace('_', ' ')}.`);
}
