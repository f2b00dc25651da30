import { serializeIncident } from '../commands/command-scope.js';
import { domainEvent, jsonified, type ReminderDuePayload } from '../model/domain-event.js';
import type { Incident } from '../model/incident.js';
import { message, notifying, type MessageButton, type NeutralMessage } from '../model/neutral-message.js';
import { mentionOf, type Participant } from '../model/participant.js';
import type { Clock } from '../ports/clock.js';
import type { UnitOfWork } from '../ports/repositories.js';
import type { RetryBackoff } from '../scheduled-work/retry-backoff.js';
import {
  DEFAULT_REMINDER_POLICY,
  REMINDER_KINDS,
  type ReminderKind,
  type ReminderPolicy,
  type ReminderState,
} from './communications.js';

const OPEN_STATUSES = ['investigating', 'identified', 'monitoring'] as const;
const MINUTE = 60_000;

/**
 * Which reminders are due for an incident at `now`, from stored state only: the last public update, when
 * each kind was last reminded, and the snooze. Each kind repeats at most once per severity cadence.
 */
export function dueReminders(
  incident: Incident,
  lastUpdateAt: Date | null,
  state: ReminderState,
  now: Date,
  policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
): ReminderKind[] {
  if (!(OPEN_STATUSES as readonly string[]).includes(incident.status)) return [];
  // Recorded after the fact: nobody is working it in a channel, so nobody is nudged about it.
  if (incident.retrospective) return [];
  // A private incident has no channel of its own yet, and a reminder in a shared channel would name it.
  if (incident.private) return [];
  if (state.snoozedUntil && state.snoozedUntil > now) return [];
  const cadence = policy.updateCadence[incident.severity] * MINUTE;
  const since = (at: Date | null | undefined) =>
    at ? now.getTime() - at.getTime() : Number.POSITIVE_INFINITY;
  const graceOver = since(incident.declaredAt) >= policy.gracePeriod * MINUTE;
  const missing: Record<ReminderKind, boolean> = {
    update: Math.min(since(lastUpdateAt ?? incident.declaredAt), since(state.lastReminded.update)) >= cadence,
    lead: graceOver && !incident.roles.lead,
    scribe: graceOver && incident.severity !== 'minor' && !incident.roles.scribe,
    summary: graceOver && !incident.summary,
    impact: graceOver && !incident.impact,
  };
  return REMINDER_KINDS.filter(
    (kind) => missing[kind] && (kind === 'update' || since(state.lastReminded[kind]) >= cadence),
  );
}

/** Payload of a `reminder.due` outbox event; chat delivery consumers post `message` into the incident's spaces. */
export type { ReminderDuePayload } from '../model/domain-event.js';

/** The reminder post: who is asked, what is missing, and one-click buttons to fix it. */
export function reminderMessage(
  incident: Incident,
  kinds: readonly ReminderKind[],
  lastUpdateAt: Date | null,
  now: Date,
  policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
): { message: NeutralMessage; mentions: string[] } {
  const asked = new Map<string, Participant>();
  const ask = (who: Participant | undefined) => {
    if (!who) return '';
    asked.set(who.id, who);
    return `${mentionOf(who)} `;
  };
  const lines: string[] = [];
  const buttons: MessageButton[] = [];
  for (const kind of kinds) {
    switch (kind) {
      case 'update': {
        const minutes = Math.floor(
          (now.getTime() - (lastUpdateAt ?? incident.declaredAt).getTime()) / MINUTE,
        );
        const what = lastUpdateAt
          ? `No public update for ${minutes} minutes`
          : `No public update yet, ${minutes} minutes in`;
        lines.push(
          `${ask(incident.roles.comms ?? incident.roles.lead)}${what} (${incident.severity}: every ${policy.updateCadence[incident.severity]} minutes). Post one now?`,
        );
        buttons.push({ label: 'Post update', intent: { kind: 'post_update' }, style: 'primary' });
        break;
      }
      case 'lead': {
        const page = policy.paging ? ', or page the on-call lead with `page`' : '';
        lines.push(
          `${ask(incident.roles.reporter)}Nobody leads this incident yet: take the lead with \`lead\`${page}.`,
        );
        buttons.push({ label: 'Take lead', intent: { kind: 'take_role', role: 'lead' }, style: 'secondary' });
        if (policy.paging)
          buttons.push({ label: 'Page lead', intent: { kind: 'page_lead' }, style: 'danger' });
        break;
      }
      case 'scribe':
        lines.push(
          `${ask(incident.roles.lead)}A ${incident.severity} incident needs a Scribe: take it with \`scribe\`.`,
        );
        buttons.push({
          label: 'Take scribe',
          intent: { kind: 'take_role', role: 'scribe' },
          style: 'secondary',
        });
        break;
      case 'summary':
        lines.push(`${ask(incident.roles.lead)}No summary yet: set one with \`summary <text>\`.`);
        buttons.push({ label: 'Write summary', intent: { kind: 'write_summary' }, style: 'secondary' });
        break;
      case 'impact':
        lines.push(
          `${ask(incident.roles.lead)}Impact on users is unknown: describe it with \`impact <text>\`.`,
        );
        buttons.push({ label: 'Describe impact', intent: { kind: 'describe_impact' }, style: 'secondary' });
        break;
    }
  }
  buttons.push({ label: 'Snooze 30m', intent: { kind: 'snooze', minutes: 30 }, style: 'secondary' });
  return {
    message: message(lines.join('\n'), {
      title: `Reminder: ${incident.ref}`,
      tone: 'warning',
      buttons,
      incidentRef: incident.ref,
      ...notifying([...asked.values()]),
    }),
    mentions: [...asked.keys()],
  };
}

/**
 * Checks every open incident and writes a `reminder.due` outbox event for those with reminders due, recording
 * per incident and kind when it reminded (claimed with a conditional update in the same transaction), so a
 * restart neither drops nor repeats a reminder and no in-memory timer is needed. Each incident is its own unit
 * of work: one that fails is retried later (`RetryBackoff`) while the other incidents are still reminded.
 */
export class ReminderService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly backoff: RetryBackoff,
    private readonly policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
  ) {}

  /** Returns how many reminder posts were written. */
  async remindDue(): Promise<number> {
    const now = this.clock.now();
    const open = await this.unitOfWork.read((stores) => stores.incidents.list({ statuses: OPEN_STATUSES }));
    let written = 0;
    for (const incident of open) {
      const { ref } = incident;
      const item = { kind: 'incident-reminder', incidentRef: ref, key: `incident-reminder:${ref}` };
      const remindIfDue = async () => (await this.anyDue(incident, now)) && this.remind(ref, now);
      if (await this.backoff.attempt(item, now, remindIfDue)) written += 1;
    }
    return written;
  }

  /**
   * Looks before taking the write lock: most ticks find nothing due for most incidents, and a unit of work
   * per open incident every tick would queue behind (and hold up) commands. `remind` decides again inside
   * its transaction, from what is stored then.
   */
  private anyDue(incident: Incident, now: Date): Promise<boolean> {
    return this.unitOfWork.read(async (stores) => {
      const state = await stores.communications.reminders.find(incident.ref);
      const [latest] = await stores.updates.listFor(incident.ref);
      return dueReminders(incident, latest?.publishedAt ?? null, state, now, this.policy).length > 0;
    });
  }

  private remind(ref: string, now: Date): Promise<boolean> {
    return this.unitOfWork.run(async (stores) => {
      const reminders = stores.communications.reminders;
      const incident = await stores.incidents.findByRef(ref);
      if (!incident) return false;
      const state = await reminders.find(ref);
      const [latest] = await stores.updates.listFor(ref);
      const lastUpdateAt = latest?.publishedAt ?? null;
      const kinds: ReminderKind[] = [];
      for (const kind of dueReminders(incident, lastUpdateAt, state, now, this.policy)) {
        if (await reminders.claim(ref, kind, state.lastReminded[kind] ?? null, now)) kinds.push(kind);
      }
      if (kinds.length === 0) return false;
      const { message: post, mentions } = reminderMessage(incident, kinds, lastUpdateAt, now, this.policy);
      const payload: ReminderDuePayload = {
        kinds,
        message: post,
        mentions,
        incident: serializeIncident(incident),
        target: { kind: 'incident', ref },
        key: `reminder:${ref}:${kinds.join('+')}:${now.toISOString()}`,
      };
      await stores.outbox.append([domainEvent('reminder.due', ref, now, jsonified(payload))]);
      return true;
    });
  }
}
