/** A write-up is public only once published; drafts never leave the building. */
export const WRITE_UP_STATES = ['draft', 'published'] as const;
export type WriteUpState = (typeof WRITE_UP_STATES)[number];

/** The public, edited version of a post-incident review, shown at `/blog/<slug>` on the status page. */
export interface WriteUp {
  readonly slug: string;
  readonly incidentRef: string | null;
  readonly title: string;
  /** Markdown; the status page renders and sanitizes it. */
  readonly markdown: string;
  readonly state: WriteUpState;
  readonly publishedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const isWriteUpSlug = (value: string): boolean => value.length <= 120 && SLUG.test(value);

/** `INC-12: Checkout outage` → `inc-12-checkout-outage`. */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120)
      .replace(/-+$/g, '') || 'write-up'
  );
}

export const isPublished = (writeUp: WriteUp): boolean =>
  writeUp.state === 'published' && writeUp.publishedAt !== null;
