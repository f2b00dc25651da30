import { isPublished, type WriteUp } from '../model/write-up.js';
import { domainEvent } from '../model/domain-event.js';
import type { UnitOfWork } from '../ports/repositories.js';

/**
 * Seeds a write-up for status page suites without running a review: stores it and tells the outbox when its
 * public visibility changed, as `WriteUpService` does, so the page's caches and feeds follow.
 */
export function saveWriteUp(unitOfWork: UnitOfWork, writeUp: WriteUp): Promise<WriteUp> {
  return unitOfWork.run(async (stores) => {
    const before = await stores.writeUps.findBySlug(writeUp.slug);
    await stores.writeUps.save(writeUp);
    const wasPublic = before !== null && isPublished(before);
    const isPublic = isPublished(writeUp);
    if (wasPublic || isPublic)
      await stores.outbox.append([
        domainEvent(
          isPublic ? 'write_up.published' : 'write_up.unpublished',
          writeUp.incidentRef,
          writeUp.updatedAt,
          {
            slug: writeUp.slug,
            title: writeUp.title,
          },
        ),
      ]);
    return writeUp;
  });
}
