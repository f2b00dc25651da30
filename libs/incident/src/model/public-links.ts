import { withoutTrailingSlashes } from './typed-text.js';

/** Where the public status page is when nothing else is configured: the status page app's own default. */
export const DEFAULT_STATUS_PAGE_URL = 'http://localhost:3000';

/**
 * Full links to the public pages (the status page and its blog), and to the responders' site when it has a
 * base URL, so a reply never shows a bare path.
 */
export class PublicLinks {
  private readonly base: string;
  private readonly site: string | null;

  constructor(statusPageUrl: string, siteUrl: string | null = null) {
    this.base = withoutTrailingSlashes(statusPageUrl);
    this.site = siteUrl ? withoutTrailingSlashes(siteUrl) : null;
  }

  /** The incident's living document on the responders' site; null when the site has no base URL. */
  document(ref: string): string | null {
    return this.site ? `${this.site}/site/incidents/${ref}` : null;
  }

  /** Where customers read an incident. */
  incident(ref: string): string {
    return `${this.base}/incidents/${ref}`;
  }

  /** Where a published write-up is read. */
  writeUp(slug: string): string {
    return `${this.base}/blog/${slug}`;
  }
}
