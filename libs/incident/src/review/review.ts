import type { Participant } from '../model/participant.js';

/** A post-incident review is a draft until the lead marks it done; only then may the incident close. */
export type ReviewState = 'draft' | 'final';

export interface Review {
  readonly incidentRef: string;
  readonly markdown: string;
  /** Starts at 1 and grows with every edit; an edit naming an older revision is refused. */
  readonly revision: number;
  readonly state: ReviewState;
  readonly meetingAt: Date | null;
  readonly meetingRemindedAt: Date | null;
  readonly updatedAt: Date;
  readonly updatedBy: Participant;
}

/** Every edit of a review is kept. */
export interface ReviewRevision {
  readonly incidentRef: string;
  readonly revision: number;
  readonly markdown: string;
  readonly author: Participant;
  readonly at: Date;
  readonly note: string;
}

/** Sections a responder can fill from chat with `review <section> <text>`, and the heading each one edits. */
export const REVIEW_SECTIONS = {
  summary: 'Summary',
  impact: 'Impact',
  happened: 'What happened',
  rca: 'Why it happened',
  factors: 'Contributing factors',
  well: 'What went well',
  badly: 'What went badly',
} as const;
export type ReviewSection = keyof typeof REVIEW_SECTIONS;

export const isReviewSection = (value: string): value is ReviewSection =>
  Object.hasOwn(REVIEW_SECTIONS, value);

export abstract class ReviewRepository {
  abstract find(incidentRef: string): Promise<Review | null>;
  /**
   * Stores a new revision: inserts when `expectedRevision` is null, else updates only if the stored revision
   * still equals it (throws `IncidentError` with code `conflict` otherwise), and keeps the revision in the
   * history. `review.revision` must be the next one (see `requireNextRevision`). The meeting reminder mark is
   * not the caller's to write: it is kept while `meetingAt` stays the same and cleared when it changes, so an
   * edit that read the review before its reminder went out cannot make the reminder go out again.
   */
  abstract save(review: Review, expectedRevision: number | null, note: string): Promise<void>;
  /** Oldest first. */
  abstract revisions(incidentRef: string): Promise<ReviewRevision[]>;
  /** Reviews with a meeting at or before `before` whose participants were not reminded yet. */
  abstract meetingsDue(before: Date): Promise<Review[]>;
  /**
   * Marks the meeting at `meetingAt` as reminded, only if it is still the review's meeting and nobody marked it
   * yet (a conditional update, so one gateway replica wins). Not a revision: the document did not change.
   */
  abstract claimMeetingReminder(incidentRef: string, meetingAt: Date, at: Date): Promise<boolean>;
}

/**
 * Every save is a new revision of the document, numbered one past the revision it replaces; anything else is a
 * defect in the caller (the history would get a duplicate), refused before anything is written.
 */
export function requireNextRevision(review: Review, expectedRevision: number | null): void {
  const next = (expectedRevision ?? 0) + 1;
  if (review.revision === next) return;
  throw new Error(
    `The ${review.incidentRef} review was saved as revision ${review.revision} over revision ${expectedRevision ?? 'none'}; a save must store revision ${next}.`,
  );
}
