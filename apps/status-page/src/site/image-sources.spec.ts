import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ImageSources, parseImageHosts } from './image-sources.js';
import { renderMarkdown } from './markdown.js';

const PAGE = 'https://status.acme.test';
const sut = new ImageSources(PAGE, ['images.acme.test', 'cdn.acme.test:8443']);

/** What a browser would load for an img src on a write-up page (`/blog/<slug>`). */
function loadedFrom(src: string): URL | null {
  try {
    return new URL(src, `${PAGE}/blog/a-write-up`);
  } catch {
    return null;
  }
}

const listed = (url: URL) =>
  url.origin === PAGE || (url.protocol === 'https:' && sut.hosts.includes(url.host));

/** Image sources a write-up might hold: listed, foreign, relative, protocol-relative, other schemes, junk. */
const imageSource = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(
    'https://images.acme.test/a.png',
    'http://images.acme.test/a.png',
    'https://images.acme.test:444/a.png',
    'https://cdn.acme.test:8443/b.png',
    'https://cdn.acme.test/b.png',
    '//images.acme.test/a.png',
    '//evil.test/a.png',
    '/assets/c.png',
    'd.png',
    '../e.png',
    'data:image/png;base64,iVBORw0KGgo=',
    'javascript:alert(1)',
    'https://images.acme.test.evil.test/a.png',
    'https://evil.test/https://images.acme.test/a.png',
    'https://images.acme.test@evil.test/a.png',
    'HTTPS://IMAGES.ACME.TEST/upper.png',
    `${PAGE}:443/f.png`,
    'https://status.acme.test.evil.test/g.png',
  ),
  fc.string({ maxLength: 40 }).map((path) => `/${encodeURI(path)}`),
  fc.string({ maxLength: 60 }),
);

describe(parseImageHosts.name, () => {
  it('reads comma-separated hosts, lower-cased, without blanks or repeats', () => {
    expect(parseImageHosts(' images.acme.test, CDN.acme.test:8443,,images.acme.test ')).toEqual({
      hosts: ['images.acme.test', 'cdn.acme.test:8443'],
    });
    expect(parseImageHosts('')).toEqual({ hosts: [] });
  });

  it.each([
    'https://images.acme.test',
    'images.acme.test/path',
    '*.acme.test',
    "images.acme.test; script-src 'unsafe-inline'",
    'images.acme.test:99999',
    'exa mple.test',
    "'self'",
  ])('refuses %s, which is not a plain host', (entry) => {
    expect(parseImageHosts(`images.acme.test,${entry}`)).toEqual({ invalid: entry });
  });

  test.prop([fc.string({ maxLength: 200 })])(
    'yields only hosts that cannot change the meaning of a policy',
    (text) => {
      const parsed = parseImageHosts(text);
      if ('invalid' in parsed) return;
      for (const host of parsed.hosts) {
        expect(host).toMatch(/^[a-z0-9.:-]+$/);
        expect(new URL(`https://${host}/`).host).toBe(host);
      }
    },
  );
});

describe(ImageSources.name, () => {
  test.prop([imageSource])(
    'allows an image exactly when a browser would load it from the page or a listed host',
    (src) => {
      const url = loadedFrom(src);
      expect(sut.allows(src)).toBe(src.trim() !== '' && url !== null && listed(url));
    },
  );

  it.each([
    ['https://images.acme.test/a.png', true],
    ['https://cdn.acme.test:8443/b.png', true],
    ['/assets/c.png', true],
    ['d.png', true],
    [`${PAGE}/e.png`, true],
    ['http://images.acme.test/a.png', false],
    ['https://cdn.acme.test/b.png', false],
    ['https://images.acme.test.evil.test/a.png', false],
    ['https://images.acme.test@evil.test/a.png', false],
    ['//evil.test/a.png', false],
    ['data:image/png;base64,iVBORw0KGgo=', false],
    ['', false],
  ])('decides %s: %s', (src, allowed) => {
    expect(sut.allows(src)).toBe(allowed);
  });

  it('lists the same sources for the policy', () => {
    expect(sut.policySources()).toEqual([
      "'self'",
      PAGE,
      'https://images.acme.test',
      'https://cdn.acme.test:8443',
    ]);
  });
});

describe(renderMarkdown.name, () => {
  test.prop([fc.array(fc.tuple(fc.string({ maxLength: 20 }), imageSource), { maxLength: 5 }), fc.boolean()])(
    'keeps only images the policy allows, whether written as Markdown or as HTML',
    (images, asHtml) => {
      const markdown = images
        .map(([alt, src]) =>
          asHtml
            ? `<img src="${src.replaceAll('"', '&quot;')}" alt="${alt.replaceAll('"', '&quot;')}">`
            : `![${alt.replaceAll(/[[\]\\]/g, '')}](<${src.replaceAll(/[<>\s]/g, '')}>)`,
        )
        .join('\n\nEin Absatz über Zoë 🔥\n\n');
      const html = renderMarkdown(markdown, sut);
      for (const match of html.matchAll(/<img [^>]*src="([^"]*)"/g)) {
        const src = match[1]!.replaceAll('&amp;', '&');
        expect(sut.allows(src), src).toBe(true);
      }
      expect(html).not.toMatch(/<img(?![^>]*\ssrc=")/);
    },
  );

  it('drops an image from an unlisted host and keeps the text around it', () => {
    const html = renderMarkdown(
      'Die Fehlerrate stieg auf 40 % ![Grafik](https://tracker.evil.test/p.gif) und fiel wieder.\n\n' +
        '![Verlauf](https://images.acme.test/verlauf.png)',
      sut,
    );
    expect(html).not.toContain('tracker.evil.test');
    expect(html).toContain('Die Fehlerrate stieg auf 40 %');
    expect(html).toContain('<img src="https://images.acme.test/verlauf.png" alt="Verlauf" />');
  });
});
