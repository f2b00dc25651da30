import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { ImageSources } from './image-sources.js';

/** Headings move down one level: the page's own title is the only h1. */
const marked = new Marked({
  gfm: true,
  walkTokens(token) {
    if (token.type === 'heading') token.depth = Math.min(6, token.depth + 1);
  },
});

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'pre',
    'code',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'del',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'img',
  ],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener' }) },
};

/**
 * Markdown of a published write-up → HTML safe to embed: scripts, iframes, handlers and js: links dropped, and
 * images kept only when they load from the page itself or a listed host (`images`).
 */
export function renderMarkdown(markdown: string, images: ImageSources): string {
  const html = marked.parse(markdown, { async: false });
  return sanitizeHtml(html, {
    ...ALLOWED,
    allowedAttributes: { ...ALLOWED.allowedAttributes, a: ['href', 'title', 'rel'] },
    exclusiveFilter: (frame) => frame.tag === 'img' && !images.allows(frame.attribs['src'] ?? ''),
  });
}
