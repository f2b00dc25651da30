import type { ActionItem } from '../model/action-item.js';
import { domainEvent, type DomainEventOf, type NoticeTarget } from '../model/domain-event.js';
import type { Incident } from '../model/incident.js';
import type { Platform } from '../model/participant.js';
import { message, notifying, type NeutralMessage } from '../model/neutral-message.js';
import { mentionOf } from '../model/participant.js';
import type { Clock } from '../ports/clock.js';
import type { IncidentStores, UnitOfWork } from '../ports/repositories.js';
import { actionItemLine } from '../commands/incident-messages.js';
import { utc } from './review-document.js';
import type { RetryBackoff, ScheduledItem } from '../scheduled-work/retry-backoff.js';

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
type Weekday = (typeof DAYS)[number];

export interface DigestSchedule {
  readonly day: Weekday;
  /** `HH:MM`, UTC. */
  readonly time: string;
}

export type { NoticeTarget } from '../model/domain-event.js';

/** Whether a notice for the incidents channel goes to this platform's incidents channel `channelId`. */
export function noticeReaches(target: NoticeTarget, platform: Platform, channelId: string): boolean {
  if (target.kind !== 'incidents_channel') return false;
  return !target.only || (target.only.platform === platform && target.only.channelId === channelId);
}

/** A message for the chat connectors to post; they render it like any other neutral message. */
export function chatNotice(
  target: NoticeTarget,
  notice: NeutralMessage,
  occurredAt: Date,
  key: string,
): DomainEventOf<'chat.notice'> {
  return domainEvent('chat.notice', target.kind === 'incident' ? target.ref : null, occurredAt, {
    target,
    message: notice,
    key,
  });
}

/** The shared incidents channels never hear of a private incident's follow-ups. */
async function withoutPrivateIncidents(
  stores: IncidentStores,
  items: readonly ActionItem[],
): Promise<ActionItem[]> {
  const refs = [...new Set(items.map((item) => item.incidentRef))];
  const incidents = await Promise.all(refs.map((ref) => stores.incidents.findByRef(ref)));
  const hidden = new Set(incidents.filter((incident) => incident?.private).map((incident) => incident!.ref));
  return items.filter((item) => !hidden.has(item.incidentRef));
}

type FollowupReminderKind = 'followup-digest' | 'followup-overdue' | 'review-meeting';

/** A notice that may be due now; `send` claims it and writes it, in its own unit of work. */
interface DueNotice extends ScheduledItem {
  readonly kind: FollowupReminderKind;
  /** Writes the notice unless it was sent already (by this replica or another); says whether it wrote it. */
  send(stores: IncidentStores): Promise<boolean>;
}

/**
 * Keeps follow-ups from being forgotten: a weekly digest of open and overdue follow-ups in the incidents
 * channel, a daily reminder to the owner of each overdue one, and a reminder shortly before a review meeting.
 * Each notice is claimed (an idempotency key, or the review's reminder mark) in the same transaction that
 * writes it, so it is sent once, even across restarts and replicas; and each is its own unit of work, so one
 * that fails is retried later (`RetryBackoff`) while the others still go out.
 */
export class FollowupReminders {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly schedule: DigestSchedule,
    private readonly backoff: RetryBackoff,
    private readonly meetingLeadMs = 15 * 60_000,
  ) {}

  /** Sends whatever is due now; returns how many notices were written. */
  async runDue(): Promise<number> {
    const now = this.clock.now();
    const due = [
      ...this.digestDue(now),
      ...(await this.listed('followup-overdue', now, (stores) => this.overdueDue(stores, now))),
      ...(await this.listed('review-meeting', now, (stores) => this.meetingsDue(stores, now))),
    ];
    let written = 0;
    for (const notice of due) {
      const sent = await this.backoff.attempt(notice, now, () => this.unitOfWork.run(notice.send));
      if (sent) written += 1;
    }
    return written;
  }

  /** What of one kind is due; a kind whose listing fails is retried later like any item, the others go on. */
  private async listed(
    kind: FollowupReminderKind,
    now: Date,
    list: (stores: IncidentStores) => Promise<DueNotice[]>,
  ): Promise<DueNotice[]> {
    const listing: ScheduledItem = { kind, incidentRef: null, key: `${kind}:listing` };
    return (await this.backoff.attempt(listing, now, () => this.unitOfWork.read(list))) ?? [];
  }

  private digestDue(now: Date): DueNotice[] {
    const slot = latestSlot(this.schedule, now);
    // A digest more than a day late (the gateway was down) is skipped rather than posted out of the blue.
    if (now.getTime() - slot.getTime() > 24 * 3_600_000) return [];
    const key = `followup-digest:${slot.toISOString()}`;
    return [
      {
        kind: 'followup-digest',
        incidentRef: null,
        key,
        send: async (stores) => {
          if (!(await claimKey(stores, key, now))) return false;
          const items = await withoutPrivateIncidents(stores, await stores.actions.listOpenFollowups());
          const digest = followupDigest(items, now);
          await stores.outbox.append([chatNotice({ kind: 'incidents_channel' }, digest, now, key)]);
          return true;
        },
      },
    ];
  }

  private async overdueDue(stores: IncidentStores, now: Date): Promise<DueNotice[]> {
    const today = now.toISOString().slice(0, 10);
    const overdue = (await stores.actions.listOpenFollowups()).filter((item) => isOverdue(item, now));
    return overdue.map(({ id, incidentRef }) => {
      const key = `followup-overdue:${id}:${today}`;
      return {
        kind: 'followup-overdue',
        incidentRef,
        key,
        send: async (current) => {
          // Read again inside the unit of work: it may have been marked done since it was listed.
          const item = await current.actions.findById(id);
          if (!item || !isOverdue(item, now) || !(await claimKey(current, key, now))) return false;
          await current.outbox.append([overdueNotice(item, now, key)]);
          return true;
        },
      };
    });
  }

  private async meetingsDue(stores: IncidentStores, now: Date): Promise<DueNotice[]> {
    const reviews = await stores.reviews.meetingsDue(new Date(now.getTime() + this.meetingLeadMs));
    return reviews.flatMap(({ incidentRef, meetingAt }) => {
      if (!meetingAt) return [];
      const key = `review-meeting:${incidentRef}:${meetingAt.toISOString()}`;
      const notice: DueNotice = {
        kind: 'review-meeting',
        incidentRef,
        key,
        send: async (current) => {
          if (!(await current.reviews.claimMeetingReminder(incidentRef, meetingAt, now))) return false;
          const incident = await current.incidents.findByRef(incidentRef);
          await current.outbox.append([meetingNotice(incidentRef, incident, meetingAt, now, key)]);
          return true;
        },
      };
      return [notice];
    });
  }
}

/** Remembers that the notice under `key` was sent; false when it was already. */
async function claimKey(stores: IncidentStores, key: string, now: Date): Promise<boolean> {
  if (await stores.idempotency.find(key)) return false;
  await stores.idempotency.remember(key, { sentAt: now.toISOString() }, now);
  return true;
}

function isOverdue(item: ActionItem, now: Date): boolean {
  return (
    item.kind === 'followup' && item.state === 'open' && !!item.owner && !!item.dueAt && item.dueAt < now
  );
}

function overdueNotice(item: ActionItem, now: Date, key: string): DomainEventOf<'chat.notice'> {
  const text = `${mentionOf(item.owner!)} follow-up #${item.id} of ${item.incidentRef} is overdue: ${item.text}. Mark it with \`done ${item.id}\`.`;
  const notice = message(text, {
    tone: 'warning',
    incidentRef: item.incidentRef,
    ...notifying([item.owner]),
  });
  return chatNotice({ kind: 'incident', ref: item.incidentRef }, notice, now, key);
}

function meetingNotice(
  incidentRef: string,
  incident: Incident | null,
  meetingAt: Date,
  now: Date,
  key: string,
): DomainEventOf<'chat.notice'> {
  const people = incident ? Object.values(incident.roles).filter((person) => person !== undefined) : [];
  const unique = [...new Map(people.map((person) => [person.id, person])).values()];
  const text = `Review meeting for ${incidentRef} at ${utc(meetingAt)}. ${unique.map(mentionOf).join(' ')}`;
  const notice = message(text, { incidentRef, ...notifying(unique) });
  return chatNotice({ kind: 'incident', ref: incidentRef }, notice, now, key);
}

/** The digest: open follow-ups grouped as overdue first, each with its owner mentioned. */
export function followupDigest(items: readonly ActionItem[], now: Date): NeutralMessage {
  if (items.length === 0) return message('No open follow-ups. 🎉', { title: 'Weekly follow-up digest' });
  const overdue = items.filter((item) => item.dueAt !== null && item.dueAt < now);
  const open = items.filter((item) => !overdue.includes(item));
  const line = (item: ActionItem) => `${item.incidentRef}: ${actionItemLine(item)}`;
  return message(
    [
      ...(overdue.length ? [`**Overdue (${overdue.length})**`, ...overdue.map(line)] : []),
      ...(open.length ? [`**Open (${open.length})**`, ...open.map(line)] : []),
    ].join('\n'),
    {
      title: 'Weekly follow-up digest',
      tone: overdue.length ? 'warning' : 'info',
      ...notifying(items.map((item) => item.owner)),
    },
  );
}

/** The most recent digest time at or before `now`. */
export function latestSlot(schedule: DigestSchedule, now: Date): Date {
  const [hours, minutes] = schedule.time.split(':').map(Number) as [number, number];
  const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours, minutes));
  const back = (slot.getUTCDay() - DAYS.indexOf(schedule.day) + 7) % 7;
  slot.setUTCDate(slot.getUTCDate() - back);
  if (slot > now) slot.setUTCDate(slot.getUTCDate() - 7);
  return slot;
}
