import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { CommandContext } from '../commands/command-context.js';
import { CommandScope } from '../commands/command-scope.js';
import { DEFAULT_COMMAND_SETTINGS, type CommandSettings } from '../commands/command-settings.js';
import type { Clock } from '../ports/clock.js';
import type { UnitOfWork } from '../ports/repositories.js';
import { draftReviewIfMissing } from './review.handler.js';
import type { Review, ReviewRevision } from './review.js';

const MAX_MARKDOWN = 200_000;

/** The post-incident review outside chat: read it, replace its Markdown with optimistic concurrency, list revisions. */
export class ReviewService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly settings: CommandSettings = DEFAULT_COMMAND_SETTINGS,
  ) {}

  /** The review, drafted from the record on first read if the incident is resolved but has none yet. */
  async get(ref: string, context: CommandContext): Promise<Review> {
    const existing = await this.unitOfWork.read((stores) => stores.reviews.find(ref));
    if (existing) return existing;
    return this.unitOfWork.run(async (stores) => {
      const scope = new CommandScope(stores, this.clock.now(), context, this.settings);
      const incident = await scope.incidentByRef(ref);
      if (incident.status !== 'resolved' && incident.status !== 'closed') {
        throw new IncidentError(
          IncidentErrorCode.NotFound,
          `${ref} has no review yet: it is drafted when the incident is resolved.`,
        );
      }
      const drafted = (await stores.reviews.find(ref)) ?? (await draftReviewIfMissing(scope, incident));
      await scope.flush();
      return drafted!;
    });
  }

  /** Replaces the whole document; refused when someone saved a newer revision since `expectedRevision`. */
  async replace(
    ref: string,
    markdown: string,
    expectedRevision: number,
    context: CommandContext,
  ): Promise<Review> {
    if (!markdown.trim() || markdown.length > MAX_MARKDOWN) {
      throw IncidentError.invalid(
        'markdown',
        `The review must have 1 to ${MAX_MARKDOWN} characters of Markdown.`,
      );
    }
    const current = await this.get(ref, context);
    return this.unitOfWork.run(async (stores) => {
      const scope = new CommandScope(stores, this.clock.now(), context, this.settings);
      const incident = await scope.incidentByRef(ref);
      scope.require('review', { incident });
      if (current.revision !== expectedRevision) throw stale(ref, expectedRevision, current.revision);
      const edited: Review = {
        ...current,
        markdown,
        revision: current.revision + 1,
        updatedAt: scope.now,
        updatedBy: scope.actor,
      };
      await stores.reviews.save(edited, expectedRevision, 'Markdown replaced');
      scope.event('review.edited', ref, { revision: edited.revision, section: null });
      await scope.flush();
      return edited;
    });
  }

  revisions(ref: string): Promise<ReviewRevision[]> {
    return this.unitOfWork.read((stores) => stores.reviews.revisions(ref));
  }
}

function stale(ref: string, expected: number, actual: number): IncidentError {
  return new IncidentError(
    IncidentErrorCode.Conflict,
    `The ${ref} review is at revision ${actual}, not ${expected}: someone edited it meanwhile. Reload it and apply your change again.`,
    'revision',
  );
}
