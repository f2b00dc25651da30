import { withoutTrailingSlashes } from './typed-text.js';

/** Where the public status page is when nothing else is configured: the status page app's own default. */
export const DEFAULT_STATUS_PAGE_URL = 'http://localhost:3000';

/** Full links to the public pages (the status page and its blog), so a reply never shows a bare path. */
export class PublicLinks {
  private readonly base: string;

  constructor(statusPageUrl: string) {
    this.base = withoutTrailingSlashes(statusPageUrl);
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
