import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { replaceMentions, type NeutralMessage } from '@firebreak/incident';

/** Headings move down two levels: the page's title is the h1 and its sections are h2. */
const marked = new Marked({
  gfm: true,
  breaks: true,
  walkTokens(token) {
    if (token.type === 'heading') token.depth = Math.min(6, token.depth + 2);
  },
});

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
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
  ],
  allowedAttributes: { a: ['href', 'title'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }) },
};

/**
 * Markdown someone wrote (a review, a reply of the command language) → HTML safe to embed: raw HTML in it is
 * shown as text, links only to http(s) and mail, no images (they would load from anywhere).
 */
export function markdownHtml(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false }), ALLOWED);
}

/** A reply of the command language as the site shows it: mentions by name, Markdown rendered and sanitized. */
export function replyView(reply: NeutralMessage) {
  const named = (text: string) => replaceMentions(text, (id) => `**${reply.people[id] ?? id}**`);
  return {
    title: reply.title,
    tone: reply.tone,
    html: markdownHtml(named(reply.text)),
    fields: reply.fields.map((field) => ({ name: field.name, html: markdownHtml(named(field.value)) })),
  };
}
