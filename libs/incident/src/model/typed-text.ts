/**
 * Reading typed text in one pass. Text is cut into words once, each word remembering where it sits, so free
 * text is sliced out with the user's own spacing and line breaks instead of being matched again: parsers
 * built on this are linear in their input, whatever the user types.
 */

/** The longest free text a command accepts (titles, updates, notes, review sections…). */
export const MAX_TEXT_LENGTH = 4000;

/** A word of typed text: a run of non-whitespace characters, and where it starts and ends in the text. */
export interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Exactly the characters `\s` matches in JavaScript (white space and line terminators). */
export function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The words of `text`, in order, each with its position. */
export function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  let start = -1;
  for (let index = 0; index <= text.length; index += 1) {
    const blank = index === text.length || isWhitespace(text.charCodeAt(index));
    if (blank && start >= 0) {
      words.push({ text: text.slice(start, index), start, end: index });
      start = -1;
    } else if (!blank && start < 0) {
      start = index;
    }
  }
  return words;
}

/** The text from `words[from]` to the last word, as typed (inner spacing and line breaks kept); '' if none. */
export function textFrom(source: string, words: readonly Word[], from = 0): string {
  const first = words[from];
  const last = words[words.length - 1];
  return first && last ? source.slice(first.start, last.end) : '';
}

/** The lines of `text` without the whitespace around them, blank lines left out. */
export function trimmedLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A base URL as configured, without the slashes it may end with (`https://status.example.com/`). */
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end -= 1;
  return url.slice(0, end);
}
