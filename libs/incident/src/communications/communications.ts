import type { Participant } from '../model/participant.js';
import type { Severity } from '../model/severity.js';

/** A public update written now to go out later; the gateway's scheduler publishes it exactly once. */
export interface ScheduledUpdate {
  readonly id: number;
  readonly incidentRef: string;
  readonly body: string;
  readonly publishAt: Date;
  /** The zone the author wrote the time in, so replies can show it back. */
  readonly zone: string | null;
  readonly state: 'scheduled' | 'published' | 'cancelled' | 'failed';
  readonly author: Participant;
  readonly createdAt: Date;
  /** When it was published, cancelled or given up on. */
  readonly settledAt: Date | null;
  /** Why it failed (e.g. the incident was closed first). */
  readonly note: string | null;
}
export type NewScheduledUpdate = Omit<ScheduledUpdate, 'id' | 'state' | 'settledAt' | 'note'>;

/** Public update text proposed by the lead or scribe, published when the comms lead approves it. */
export interface UpdateDraft {
  readonly id: number;
  readonly incidentRef: string;
  readonly body: string;
  readonly state: 'proposed' | 'approved';
  readonly author: Participant;
  readonly createdAt: Date;
  readonly approvedBy: Participant | null;
  readonly approvedAt: Date | null;
}
export type NewUpdateDraft = Pick<UpdateDraft, 'incidentRef' | 'body' | 'author' | 'createdAt'>;

/** What a reminder nudges about; `update` is the public-update cadence, the rest are missing facts. */
export const REMINDER_KINDS = ['update', 'lead', 'scribe', 'summary', 'impact'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** When reminders go out. Minutes throughout. */
export interface ReminderPolicy {
  /** No public update for this long → remind the comms lead (or the lead). */
  readonly updateCadence: Readonly<Record<Severity, number>>;
  /** How long after declaring before missing roles and facts are nudged. */
  readonly gracePeriod: number;
  /** Paging is configured: the nudge for a missing lead offers to page the on-call lead. */
  readonly paging?: boolean;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  updateCadence: { critical: 30, major: 60, minor: 120 },
  gracePeriod: 10,
};

/** Per incident: when each kind of reminder last went out, and until when reminders are snoozed. */
export interface ReminderState {
  readonly incidentRef: string;
  readonly lastReminded: Readonly<Partial<Record<ReminderKind, Date>>>;
  readonly snoozedUntil: Date | null;
}

/** Configured public-update texts, by name (`update template investigating`). */
export type UpdateTemplates = Readonly<Record<string, string>>;

/** The default set; `UPDATE_TEMPLATES` in the gateway's configuration replaces or adds to it. */
export const DEFAULT_UPDATE_TEMPLATES: UpdateTemplates = {
  investigating: 'We are investigating reports of a problem and will post an update as soon as we know more.',
  identified: 'We have identified the cause of the problem and are working on a fix.',
  fixing: 'A fix is being rolled out. Some users may still see problems until it completes.',
  fixed: 'A fix has been implemented and we are monitoring the results.',
  monitoring: 'We are monitoring the service to make sure the problem does not come back.',
  resolved: 'This incident has been resolved. Thank you for your patience.',
};

export abstract class ScheduledUpdateRepository {
  abstract add(update: NewScheduledUpdate): Promise<ScheduledUpdate>;
  abstract findById(id: number): Promise<ScheduledUpdate | null>;
  /** Still scheduled, soonest first. */
  abstract listScheduled(incidentRef: string): Promise<ScheduledUpdate[]>;
  /** Scheduled updates due at `now`, soonest first. */
  abstract listDue(now: Date, limit: number): Promise<ScheduledUpdate[]>;
  /**
   * Moves a `scheduled` update to `state` only if it is still `scheduled` (a conditional UPDATE: the claim
   * that makes publishing exactly-once across instances and restarts). False when someone else got there first.
   */
  abstract settle(
    id: number,
    state: 'published' | 'cancelled' | 'failed',
    at: Date,
    note?: string,
  ): Promise<boolean>;
}

export abstract class UpdateDraftRepository {
  abstract add(draft: NewUpdateDraft): Promise<UpdateDraft>;
  abstract findById(id: number): Promise<UpdateDraft | null>;
  abstract listProposed(incidentRef: string): Promise<UpdateDraft[]>;
  /** Conditional on the draft still being `proposed`; false when it was approved already. */
  abstract approve(id: number, by: Participant, at: Date): Promise<boolean>;
}

export abstract class ReminderStateRepository {
  abstract find(incidentRef: string): Promise<ReminderState>;
  /**
   * Records that `kind` was reminded at `at`, only if the stored time still equals `previous` (null: never
   * reminded). False when another scheduler recorded it first, so the reminder is not posted twice.
   */
  abstract claim(incidentRef: string, kind: ReminderKind, previous: Date | null, at: Date): Promise<boolean>;
  abstract snooze(incidentRef: string, until: Date): Promise<void>;
}

/** The configured templates; the gateway writes its configuration here at start, so every instance agrees. */
export abstract class UpdateTemplateRepository {
  abstract find(name: string): Promise<string | null>;
  abstract list(): Promise<UpdateTemplates>;
  abstract replaceAll(templates: UpdateTemplates): Promise<void>;
}

/** The communications lead's stores, bound to the same transaction as the incident stores. */
export interface CommunicationsStores {
  readonly scheduled: ScheduledUpdateRepository;
  readonly drafts: UpdateDraftRepository;
  readonly reminders: ReminderStateRepository;
  readonly templates: UpdateTemplateRepository;
}
