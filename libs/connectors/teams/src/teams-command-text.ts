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
  const withBreaks = html.replace(/<br\s*\/?>|<\/(p|div|li)>/gi, '\n');
  return withBreaks
    .replace(/<(?!@(?:discord|teams|api):)[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** The first word after an optional `/` or `incident`, lower-cased: how the bot spots its own commands. */
export function commandWordOf(text: string): { word: string; rest: string } {
  const words = text.replace(/^\//, '').trim().split(/\s+/);
  if (words[0]?.toLowerCase() === 'incident') words.shift();
  const word = (words.shift() ?? '').toLowerCase();
  return { word, rest: words.join(' ') };
}
