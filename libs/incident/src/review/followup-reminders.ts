import type { ActionItem } from '../model/action-item.js';
import type { DomainEvent } from '../model/domain-event.js';
import { message, type NeutralMessage } from '../model/neutral-message.js';
import { mentionOf } from '../model/participant.js';
import type { Clock } from '../ports/clock.js';
import type { IncidentStores, UnitOfWork } from '../ports/repositories.js';
import { actionItemLine } from '../commands/incident-messages.js';
import { utc } from './review-document.js';

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof DAYS)[number];
export const isWeekday = (value: string): value is Weekday => (DAYS as readonly string[]).includes(value);

export interface DigestSchedule {
  readonly day: Weekday;
  /** `HH:MM`, UTC. */
  readonly time: string;
}

/** Where a chat notice goes: the incidents channel of every platform, or one incident's own space. */
export type NoticeTarget =
  { readonly kind: 'incidents_channel' } | { readonly kind: 'incident'; readonly ref: string };

/** A message for the chat connectors to post; they render it like any other neutral message. */
export function chatNotice(
  target: NoticeTarget,
  notice: NeutralMessage,
  occurredAt: Date,
  key: string,
): DomainEvent {
  return {
    type: 'chat.notice',
    incidentRef: target.kind === 'incident' ? target.ref : null,
    occurredAt,
    payload: { target, message: notice, key },
  };
}

/**
 * Keeps follow-ups from being forgotten: a weekly digest of open and overdue follow-ups in the incidents
 * channel, a daily reminder to the owner of each overdue one, and a reminder shortly before a review meeting.
 * Each is recorded under an idempotency key in the same transaction as its notice, so it is sent once, even
 * across restarts and replicas.
 */
export class FollowupReminders {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly schedule: DigestSchedule,
    private readonly meetingLeadMs = 15 * 60_000,
  ) {}

  /** Sends whatever is due now; returns how many notices were written. */
  async runDue(): Promise<number> {
    const now = this.clock.now();
    return this.unitOfWork.run(async (stores) => {
      const notices = [
        ...(await this.weeklyDigest(stores, now)),
        ...(await this.overdueReminders(stores, now)),
        ...(await this.meetingReminders(stores, now)),
      ];
      if (notices.length) await stores.outbox.append(notices);
      return notices.length;
    });
  }

  private async weeklyDigest(stores: IncidentStores, now: Date): Promise<DomainEvent[]> {
    const slot = latestSlot(this.schedule, now);
    // A digest more than a day late (the gateway was down) is skipped rather than posted out of the blue.
    if (now.getTime() - slot.getTime() > 24 * 3_600_000) return [];
    const key = `followup-digest:${slot.toISOString()}`;
    if (await stores.idempotency.find(key)) return [];
    await stores.idempotency.remember(key, { sentAt: now.toISOString() }, now);
    const items = await stores.actions.listOpenFollowups();
    return [chatNotice({ kind: 'incidents_channel' }, followupDigest(items, now), now, key)];
  }

  private async overdueReminders(stores: IncidentStores, now: Date): Promise<DomainEvent[]> {
    const today = now.toISOString().slice(0, 10);
    const notices: DomainEvent[] = [];
    for (const item of await stores.actions.listOpenFollowups()) {
      if (!item.owner || !item.dueAt || item.dueAt >= now) continue;
      const key = `followup-overdue:${item.id}:${today}`;
      if (await stores.idempotency.find(key)) continue;
      await stores.idempotency.remember(key, { sentAt: now.toISOString() }, now);
      const text = `${mentionOf(item.owner)} follow-up #${item.id} of ${item.incidentRef} is overdue: ${item.text}. Mark it with \`done ${item.id}\`.`;
      notices.push(
        chatNotice(
          { kind: 'incident', ref: item.incidentRef },
          message(text, { tone: 'warning', incidentRef: item.incidentRef }),
          now,
          key,
        ),
      );
    }
    return notices;
  }

  private async meetingReminders(stores: IncidentStores, now: Date): Promise<DomainEvent[]> {
    const notices: DomainEvent[] = [];
    for (const review of await stores.reviews.meetingsDue(new Date(now.getTime() + this.meetingLeadMs))) {
      if (!(await stores.reviews.claimMeetingReminder(review.incidentRef, review.meetingAt!, now))) continue;
      const incident = await stores.incidents.findByRef(review.incidentRef);
      const people = incident ? Object.values(incident.roles).filter((person) => person !== undefined) : [];
      const unique = [...new Map(people.map((person) => [person.id, person])).values()];
      const text = `Review meeting for ${review.incidentRef} at ${utc(review.meetingAt!)}. ${unique.map(mentionOf).join(' ')}`;
      const key = `review-meeting:${review.incidentRef}:${review.meetingAt!.toISOString()}`;
      notices.push(
        chatNotice(
          { kind: 'incident', ref: review.incidentRef },
          message(text, { incidentRef: review.incidentRef }),
          now,
          key,
        ),
      );
    }
    return notices;
  }
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
    { title: 'Weekly follow-up digest', tone: overdue.length ? 'warning' : 'info' },
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
