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

/** `INC-12: Checkout outage` → `inc-12-checkout-outage`. */
export function slugify(text: string): string {
  return slugOf(text, 120) || 'write-up';
}

/**
 * Lower-case ASCII letters and digits in dash-separated words, accents dropped, at most `maxLength`
 * characters: safe in URLs and in every platform's channel names. '' when nothing of `text` is left.
 */
export function slugOf(text: string, maxLength: number): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join('-')
    .slice(0, Math.max(0, maxLength));
  return slug.endsWith('-') ? slug.slice(0, -1) : slug;
}

export const isPublished = (writeUp: WriteUp): boolean =>
  writeUp.state === 'published' && writeUp.publishedAt !== null;
