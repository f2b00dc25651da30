import {
  IncidentError,
  IncidentErrorCode,
  ReviewRepository,
  requireNextRevision,
  type Review,
  type ReviewRevision,
  type ReviewState,
} from '@firebreak/incident';
import { EntityManager, IsNull, Not } from 'typeorm';
import { ReviewRevisionRow, ReviewRow } from '../entities/review.entity.js';
import { toIsoText } from '../entities/iso-date-column.js';
import { participantFrom } from './participant-columns.js';

export class TypeOrmReviewRepository extends ReviewRepository {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async find(incidentRef: string): Promise<Review | null> {
    const row = await this.manager.findOneBy(ReviewRow, { incidentRef });
    return row ? toReview(row) : null;
  }

  async save(review: Review, expectedRevision: number | null, note: string): Promise<void> {
    requireNextRevision(review, expectedRevision);
    if (expectedRevision === null) await this.insert(review);
    else await this.update(review, expectedRevision);
    await this.manager.insert(ReviewRevisionRow, {
      incidentRef: review.incidentRef,
      revision: review.revision,
      markdown: review.markdown,
      authorId: review.updatedBy.id,
      authorName: review.updatedBy.displayName,
      at: review.updatedAt,
      note,
    });
  }

  async revisions(incidentRef: string): Promise<ReviewRevision[]> {
    const rows = await this.manager.find(ReviewRevisionRow, { where: { incidentRef }, order: { id: 'ASC' } });
    return rows.map((row) => ({
      incidentRef: row.incidentRef,
      revision: row.revision,
      markdown: row.markdown,
      author: participantFrom(row.authorId, row.authorName),
      at: row.at,
      note: row.note,
    }));
  }

  async meetingsDue(before: Date): Promise<Review[]> {
    // Few reviews are ever waiting for a meeting reminder, so the time comparison happens here.
    const rows = await this.manager.find(ReviewRow, {
      where: { meetingAt: Not(IsNull()), meetingRemindedAt: IsNull() },
    });
    return rows.map(toReview).filter((review) => review.meetingAt !== null && review.meetingAt <= before);
  }

  async claimMeetingReminder(incidentRef: string, meetingAt: Date, at: Date): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(ReviewRow)
      .set({ meetingRemindedAt: at })
      .where('incident_ref = :incidentRef AND meeting_at = :meetingAt AND meeting_reminded_at IS NULL', {
        incidentRef,
        meetingAt: toIsoText(meetingAt),
      })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  private async insert(review: Review): Promise<void> {
    if (await this.manager.existsBy(ReviewRow, { incidentRef: review.incidentRef })) throw conflict(review);
    await this.manager.insert(ReviewRow, { ...toRow(review), meetingRemindedAt: null });
  }

  private async update(review: Review, expectedRevision: number): Promise<void> {
    const result = await this.manager
      .createQueryBuilder()
      .update(ReviewRow)
      .set({
        ...toRow(review),
        // Decided by the row as it is when the update runs, not as the caller read it: a reminder claimed
        // meanwhile stays claimed unless the meeting moved.
        meetingRemindedAt: () => 'CASE WHEN meeting_at = :meetingAt THEN meeting_reminded_at ELSE NULL END',
      })
      .where('incident_ref = :incidentRef AND revision = :expectedRevision', {
        incidentRef: review.incidentRef,
        expectedRevision,
        meetingAt: review.meetingAt ? toIsoText(review.meetingAt) : null,
      })
      .execute();
    if (!result.affected) throw conflict(review);
  }
}

function conflict(review: Review): IncidentError {
  return new IncidentError(
    IncidentErrorCode.Conflict,
    `The ${review.incidentRef} review was changed by someone else; reload it and edit again.`,
  );
}

/** Every column the caller writes; the meeting reminder mark is the repository's (see `save`). */
function toRow(review: Review): Omit<ReviewRow, 'meetingRemindedAt'> {
  return {
    incidentRef: review.incidentRef,
    markdown: review.markdown,
    revision: review.revision,
    state: review.state,
    meetingAt: review.meetingAt,
    updatedAt: review.updatedAt,
    updatedById: review.updatedBy.id,
    updatedByName: review.updatedBy.displayName,
  };
}

function toReview(row: ReviewRow): Review {
  return {
    incidentRef: row.incidentRef,
    markdown: row.markdown,
    revision: row.revision,
    state: row.state as ReviewState,
    meetingAt: row.meetingAt,
    meetingRemindedAt: row.meetingRemindedAt,
    updatedAt: row.updatedAt,
    updatedBy: participantFrom(row.updatedById, row.updatedByName),
  };
}
