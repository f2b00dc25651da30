import { isWhitespace, PLATFORMS, readCommandLine, trimmedLines } from '@firebreak/incident';

/**
 * Turning what a Teams user typed into one line of the command language: the bot's own mention is dropped,
 * other users' mentions become `<@teams:<id>>`, Teams' HTML is stripped.
 */

/** A mention entity as Teams sends it: `text` is `<at>Name</at>` as it appears in the message text. */
export interface TeamsMention {
  readonly mentioned: { readonly id: string; readonly name?: string };
  readonly text?: string;
}

export interface CommandText {
  /** The command line, e.g. `lead <@teams:3c7e…>`. */
  readonly text: string;
  /** Display names of mentioned users, keyed by participant id (`teams:<id>`). */
  readonly mentioned: Record<string, string>;
}

/**
 * `resolveId` maps a mentioned Bot Framework user id (`29:…`) to the id Firebreak uses for that person
 * (the AAD object id when known), so a mention and the person's own commands name the same participant.
 */
export function commandTextOf(
  raw: string,
  mentions: readonly TeamsMention[],
  botId: string,
  resolveId: (userId: string) => string = (userId) => userId,
): CommandText {
  let text = raw;
  const mentioned: Record<string, string> = {};
  for (const mention of mentions) {
    const tag = mention.text ?? `<at>${mention.mentioned.name ?? ''}</at>`;
    if (mention.mentioned.id === botId || mention.mentioned.id === botId.replace(/^28:/, '')) {
      text = text.replace(tag, ' ');
      continue;
    }
    const id = `teams:${resolveId(mention.mentioned.id)}`;
    mentioned[id] = mention.mentioned.name ?? id;
    text = text.replace(tag, ` <@${id}> `);
  }
  return { text: plainText(text), mentioned };
}

/** Strips HTML tags and decodes the few entities Teams uses, collapsing whitespace. */
export function plainText(html: string): string {
  const text = withoutTags(withLineBreaks(html))
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ');
  return trimmedLines(text).join('\n');
}

/** `<br>`, `<br/>`, `<br />` and the ends of paragraphs, divs and list items (any case) become new lines. */
function withLineBreaks(html: string): string {
  let text = '';
  let copied = 0;
  for (let open = html.indexOf('<'); open >= 0; open = html.indexOf('<', open + 1)) {
    const length = lineBreakLength(html, open);
    if (length === 0) continue;
    text += `${html.slice(copied, open)}\n`;
    copied = open + length;
  }
  return text + html.slice(copied);
}

/** The length of the line-breaking tag that opens at `open`, 0 when there is none. */
function lineBreakLength(html: string, open: number): number {
  const closing = ['/p>', '/div>', '/li>'].find(
    (tag) => html.slice(open + 1, open + 1 + tag.length).toLowerCase() === tag,
  );
  if (closing) return closing.length + 1;
  if (html.slice(open + 1, open + 3).toLowerCase() !== 'br') return 0;
  let end = open + 3;
  while (end < html.length && isWhitespace(html.charCodeAt(end))) end += 1;
  if (html[end] === '/') end += 1;
  return html[end] === '>' ? end + 1 - open : 0;
}

/**
 * Every other tag removed, in one pass: a `<` up to the next `>`. Neutral mentions (`<@teams:…>`) are text,
 * not tags, and a `<` with no `>` after it stays.
 */
function withoutTags(html: string): string {
  let text = '';
  let copied = 0;
  for (let open = html.indexOf('<'); open >= 0;) {
    if (PLATFORMS.some((platform) => html.startsWith(`@${platform}:`, open + 1))) {
      open = html.indexOf('<', open + 1);
      continue;
    }
    const close = html.indexOf('>', open + 1);
    if (close < 0) break;
    text += html.slice(copied, open);
    copied = close + 1;
    open = html.indexOf('<', copied);
  }
  return text + html.slice(copied);
}

/** The first word after an optional `/` or `incident`, lower-cased: how the bot spots its own commands. */
export function commandWordOf(text: string): { word: string; rest: string } {
  const line = readCommandLine(text);
  return { word: line.word, rest: line.args.map((arg) => arg.text).join(' ') };
}
