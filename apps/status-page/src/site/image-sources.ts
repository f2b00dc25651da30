/** A host as CSP and URL.host write it: lower-case name or address, optional port; nothing else. */
const HOST = /^[a-z0-9.-]+(?::\d{1,5})?$/;

/**
 * STATUS_PAGE_IMAGE_HOSTS: comma-separated host names (`images.example.com, cdn.example.org:8443`).
 * Returns the hosts, or the first entry that is not one. Every entry ends up in a response header, so
 * anything but a plain host (a scheme, a path, a wildcard, a quote or a semicolon) is refused.
 */
export function parseImageHosts(text: string): { hosts: string[] } | { invalid: string } {
  const hosts: string[] = [];
  for (const entry of text.split(',')) {
    const host = entry.trim().toLowerCase();
    if (host === '') continue;
    if (!HOST.test(host) || !isUrlHost(host)) return { invalid: entry.trim() };
    if (!hosts.includes(host)) hosts.push(host);
  }
  return { hosts };
}

function isUrlHost(host: string): boolean {
  try {
    return new URL(`https://${host}/`).host === host;
  } catch {
    return false;
  }
}

/**
 * Where write-up images may come from: the status page itself (its public URL, or a path on it) or an https
 * host the operator listed. The Markdown sanitizer drops every other image and the Content-Security-Policy's
 * img-src lists the same sources, so one setting feeds both.
 */
export class ImageSources {
  private readonly pageOrigin: string;

  constructor(
    pageUrl: string,
    readonly hosts: readonly string[],
  ) {
    this.pageOrigin = new URL(pageUrl).origin;
  }

  /** True when `src`, resolved as a write-up page would resolve it, loads from an allowed source. */
  allows(src: string): boolean {
    // An empty src loads nothing (and the sanitizer empties one it refuses outright, e.g. `//host/x.png`).
    if (src.trim() === '') return false;
    let url: URL;
    try {
      url = new URL(src, `${this.pageOrigin}/blog/`);
    } catch {
      return false;
    }
    if (url.origin === this.pageOrigin) return true;
    return url.protocol === 'https:' && this.hosts.includes(url.host);
  }

  /** The img-src source expressions for these sources. */
  policySources(): string[] {
    return ["'self'", this.pageOrigin, ...this.hosts.map((host) => `https://${host}`)];
  }
}
