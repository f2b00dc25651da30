import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { Incident } from '../model/incident.js';
import { message, notifying, type NeutralMessage } from '../model/neutral-message.js';
import { mentionOf, type Participant } from '../model/participant.js';
import type { Command } from '../commands/command.js';
import type { CommandScope } from '../commands/command-scope.js';
import { actionItemLine, ownerNames } from '../commands/incident-messages.js';
import { describeInstant, resolveTime, type TimeLimit } from '../model/requested-time.js';
import { draftReviewMarkdown, replaceSection, sectionBody } from './review-document.js';
import { REVIEW_SECTIONS, type Review } from './review.js';

const MEETINGS: TimeLimit = { maxAheadMs: 365 * 86_400_000, refusal: 'Review meetings can be scheduled' };

/** Drafts the review from the record the first time the incident is resolved; later resolutions keep it. */
export async function draftReviewIfMissing(scope: CommandScope, incident: Incident): Promise<Review | null> {
  if (await scope.stores.reviews.find(incident.ref)) return null;
  const markdown = draftReviewMarkdown(await recordOf(scope, incident));
  const review = newRevision(null, scope, markdown, incident.ref);
  await scope.stores.reviews.save(review, null, 'Drafted from the incident record');
  scope.event('review.drafted', incident.ref, { revision: review.revision });
  return review;
}

/** Everything a review is drafted from, after writing what this command has recorded so far. */
async function recordOf(scope: CommandScope, incident: Incident) {
  await scope.flush();
  return {
    incident,
    timeline: await scope.stores.timeline.listFor(incident.ref),
    actionItems: await scope.stores.actions.listFor(incident.ref),
    updates: await scope.stores.updates.listFor(incident.ref),
  };
}

export async function editReviewSection(
  scope: CommandScope,
  command: Extract<Command, { kind: 'review' }>,
): Promise<NeutralMessage> {
  const { incident, review } = await reviewFor(scope, command.ref);
  scope.require('review', { incident });
  const heading = REVIEW_SECTIONS[command.section];
  const edited = newRevision(review, scope, replaceSection(review.markdown, heading, command.text));
  await scope.stores.reviews.save(edited, review.revision, `Edited "${heading}"`);
  scope.event('review.edited', incident.ref, { revision: edited.revision, section: command.section });
  return message(`"${heading}" of the ${incident.ref} review updated (revision ${edited.revision}).`, {
    tone: 'success',
    incidentRef: incident.ref,
  });
}

/** Sections the record writes and no one edits from chat: refreshing redrafts them and keeps the rest. */
const RECORD_SECTIONS = ['Timeline', 'Actions'] as const;

/**
 * Redrafts the Timeline and Actions from the record (pins, actions and follow-ups added after the draft),
 * keeping every section people wrote. A new revision only when something changed.
 */
export async function refreshReview(
  scope: CommandScope,
  command: Extract<Command, { kind: 'review_refresh' }>,
): Promise<NeutralMessage> {
  const { incident, review } = await reviewFor(scope, command.ref);
  scope.require('review', { incident });
  if (review.state === 'final') {
    throw new IncidentError(
      IncidentErrorCode.IllegalTransition,
      `The ${incident.ref} review is done; edit its Markdown through the API to change it.`,
    );
  }
  const redrafted = draftReviewMarkdown(await recordOf(scope, incident));
  const markdown = RECORD_SECTIONS.reduce(
    (document, heading) => replaceSection(document, heading, sectionBody(redrafted, heading) ?? ''),
    review.markdown,
  );
  if (markdown === review.markdown)
    return message(`The ${incident.ref} review already has the whole record.`, { incidentRef: incident.ref });
  const refreshed = newRevision(review, scope, markdown);
  await scope.stores.reviews.save(
    refreshed,
    review.revision,
    'Timeline and Actions redrafted from the record',
  );
  scope.event('review.edited', incident.ref, { revision: refreshed.revision, section: null });
  // Edits made to those two sections (through the API's Markdown) are replaced; the previous revision keeps them.
  return message(
    `Timeline and Actions of the ${incident.ref} review redrafted from the record (revision ${refreshed.revision}; revision ${review.revision} keeps the previous text).`,
    { tone: 'success', incidentRef: incident.ref },
  );
}

export async function finishReview(
  scope: CommandScope,
  command: Extract<Command, { kind: 'review_done' }>,
): Promise<NeutralMessage> {
  const { incident, review } = await reviewFor(scope, command.ref);
  scope.require('review_done', { incident });
  if (review.state === 'final')
    return message(`The ${incident.ref} review is already done.`, { incidentRef: incident.ref });
  const finished: Review = { ...newRevision(review, scope, review.markdown), state: 'final' };
  await scope.stores.reviews.save(finished, review.revision, 'Marked done');
  scope.timeline(incident, 'note', 'Post-incident review marked done');
  return message(`The ${incident.ref} review is done.${await closeHint(scope, incident)}`, {
    tone: 'success',
    incidentRef: incident.ref,
  });
}

export async function scheduleReviewMeeting(
  scope: CommandScope,
  command: Extract<Command, { kind: 'review_schedule' }>,
): Promise<NeutralMessage> {
  const { incident, review } = await reviewFor(scope, command.ref);
  scope.require('review_schedule', { incident });
  const at = resolveTime(command.when, scope.now, MEETINGS);
  const when = describeInstant(at, command.when.kind === 'at' ? command.when.zone : null);
  // Moving the meeting clears its reminder mark (the repository's rule), so the new time is reminded again.
  const scheduled: Review = { ...newRevision(review, scope, review.markdown), meetingAt: at };
  await scope.stores.reviews.save(scheduled, review.revision, `Review meeting scheduled for ${when}`);
  const people = await participantsOf(scope, incident);
  scope.timeline(incident, 'note', `Review meeting scheduled for ${when}`);
  scope.event('review.meeting_scheduled', incident.ref, {
    at: at.toISOString(),
    participants: people,
  });
  return message(`Review meeting for ${incident.ref} on ${when}. ${people.map(mentionOf).join(' ')}`, {
    tone: 'success',
    incidentRef: incident.ref,
    ...notifying(people),
  });
}

export async function listOpenFollowups(scope: CommandScope): Promise<NeutralMessage> {
  const items = await scope.stores.actions.listOpenFollowups();
  if (items.length === 0)
    return message('No open follow-ups. 🎉', { title: 'Open follow-ups', visibility: 'private' });
  const lines = items.map(
    (item) => `${item.incidentRef}: ${actionItemLine(item)}${overdue(item.dueAt, scope.now)}`,
  );
  return message(lines.join('\n'), {
    title: 'Open follow-ups',
    visibility: 'private',
    people: ownerNames(items),
  });
}

/**
 * Why an incident may not close yet: its review is unfinished or follow-ups are open. Null when it may.
 * The lead can still close with an override reason, which the timeline keeps.
 */
export async function closeBlocker(scope: CommandScope, incident: Incident): Promise<string | null> {
  const review = await scope.stores.reviews.find(incident.ref);
  const open = (await scope.stores.actions.listFor(incident.ref)).filter(
    (item) => item.kind === 'followup' && item.state === 'open',
  );
  const reasons = [
    ...(review?.state === 'final'
      ? []
      : ['its post-incident review is still a draft (finish it with `review done`)']),
    ...(open.length
      ? [
          `${open.length} follow-up${open.length > 1 ? 's are' : ' is'} still open (${open.map((item) => `#${item.id}`).join(', ')})`,
        ]
      : []),
  ];
  return reasons.length ? `${incident.ref} stays resolved: ${reasons.join(' and ')}.` : null;
}

async function closeHint(scope: CommandScope, incident: Incident): Promise<string> {
  if (incident.status !== 'resolved') return '';
  const blocker = await closeBlocker(scope, incident);
  return blocker ? ` ${blocker}` : ' It can now be closed with `close`.';
}

async function reviewFor(
  scope: CommandScope,
  ref: string | null,
): Promise<{ incident: Incident; review: Review }> {
  const incident = await scope.incident(ref);
  if (incident.status !== 'resolved' && incident.status !== 'closed') {
    throw new IncidentError(
      IncidentErrorCode.IllegalTransition,
      `${incident.ref} has no review yet: it is drafted when the incident is resolved.`,
    );
  }
  const review =
    (await scope.stores.reviews.find(incident.ref)) ?? (await draftReviewIfMissing(scope, incident));
  return { incident, review: review! };
}

function newRevision(
  previous: Review | null,
  scope: CommandScope,
  markdown: string,
  incidentRef = '',
): Review {
  return {
    incidentRef: previous?.incidentRef ?? incidentRef,
    state: 'draft',
    meetingAt: null,
    meetingRemindedAt: null,
    ...previous,
    markdown,
    revision: (previous?.revision ?? 0) + 1,
    updatedAt: scope.now,
    updatedBy: scope.actor,
  };
}

async function participantsOf(scope: CommandScope, incident: Incident): Promise<Participant[]> {
  const people = new Map<string, Participant>();
  for (const holder of Object.values(incident.roles)) if (holder) people.set(holder.id, holder);
  for (const entry of await scope.stores.timeline.listFor(incident.ref)) {
    if (entry.author && !entry.author.id.startsWith('api:')) people.set(entry.author.id, entry.author);
  }
  return [...people.values()];
}

function overdue(dueAt: Date | null, now: Date): string {
  return dueAt && dueAt.getTime() < now.getTime() ? ' ⚠️ overdue' : '';
}
