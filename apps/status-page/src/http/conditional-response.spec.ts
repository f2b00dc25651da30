import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { etagOf, type CachedResource } from '../site/status-site.js';
import { acceptsGzip, representationOf } from './conditional-response.js';

const resourceOf = (text: string): CachedResource => {
  const body = Buffer.from(text, 'utf8');
  return { body, etag: etagOf(body), contentType: 'text/html; charset=utf-8' };
};
const page = resourceOf('<li>component operational</li>\n'.repeat(200));

describe(acceptsGzip.name, () => {
  it('accepts gzip when named or wildcarded with a non-zero quality', () => {
    for (const header of [
      'gzip',
      'gzip, deflate, br',
      'br;q=1.0, GZIP;q=0.5',
      'x-gzip',
      '*',
      'identity, *;q=0.1',
    ])
      expect(acceptsGzip(header), header).toBe(true);
  });

  it('refuses gzip when absent, refused by name, or only wildcarded at q=0', () => {
    for (const header of [undefined, '', 'identity', 'br, deflate', 'gzip;q=0', 'gzip;q=0, *', '*;q=0'])
      expect(acceptsGzip(header), String(header)).toBe(false);
  });
});

describe(representationOf.name, () => {
  it('sends gzip of the same bytes, with its own ETag, to clients that accept it', () => {
    const gzip = representationOf(page, 'gzip, deflate');
    expect(gzip.contentEncoding).toBe('gzip');
    expect(gzip.body.length).toBeLessThan(page.body.length);
    expect(gunzipSync(gzip.body).equals(page.body)).toBe(true);
    expect(gzip.etag).not.toBe(page.etag);
    expect(gzip.etag).toMatch(/^"[\w-]+-gzip"$/);
  });

  it('compresses a rendering once, however many clients ask', () => {
    expect(representationOf(page, 'gzip')).toBe(representationOf(page, 'gzip'));
  });

  it('sends the bytes as they are to clients that do not accept gzip, and small bodies uncompressed', () => {
    const identity = representationOf(page, 'identity');
    expect(identity).toEqual({ body: page.body, etag: page.etag, contentEncoding: null });
    const tiny = resourceOf('{"status":"ok"}');
    expect(representationOf(tiny, 'gzip')).toEqual({
      body: tiny.body,
      etag: tiny.etag,
      contentEncoding: null,
    });
  });
});
