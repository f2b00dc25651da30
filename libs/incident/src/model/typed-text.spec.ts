import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastestRunMs } from '../testing/running-time.js';
import { isWhitespace, textFrom, trimmedLines, withoutTrailingSlashes, wordsOf } from './typed-text.js';

/** Text made of the pieces people and adversaries type: words, runs of every kind of whitespace, emoji. */
const typedText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u200b'),
      fc.constantFrom('Zoë', 'São Paulo', '🔥', '👩🏽‍💻', 'İstanbul', '<@discord:1>', 'at', '11:45'),
    ),
    { maxLength: 60 },
  )
  .map((pieces) => pieces.join(''));

describe('typed text', () => {
  it('counts exactly the characters JavaScript’s \\s matches as whitespace', () => {
    const disagreements: string[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      if (isWhitespace(code) !== /\s/.test(String.fromCharCode(code))) disagreements.push(code.toString(16));
    }
    expect(disagreements).toEqual([]);
  });

  it('cuts text into the same words as splitting on whitespace, each word at its place', () => {
    fc.assert(
      fc.property(typedText, (text) => {
        const words = wordsOf(text);
        expect(words.map((word) => word.text)).toEqual(text.split(/\s+/).filter(Boolean));
        for (const word of words) expect(text.slice(word.start, word.end)).toBe(word.text);
      }),
    );
  });

  it('gives free text back as typed, spacing and line breaks between the words kept', () => {
    fc.assert(
      fc.property(typedText, fc.nat(8), (text, from) => {
        const words = wordsOf(text);
        const rest = textFrom(text, words, from);
        if (from >= words.length) {
          expect(rest).toBe('');
          return;
        }
        expect(rest).toBe(text.slice(words[from]!.start, words.at(-1)!.end));
        expect(rest).toBe(rest.trim());
        expect(rest.split(/\s+/)).toEqual(words.slice(from).map((word) => word.text));
      }),
    );
    const update = 'update INC-4  Failover done.\n\nWatching\terror rates ';
    expect(textFrom(update, wordsOf(update), 2)).toBe('Failover done.\n\nWatching\terror rates');
  });

  it('trims lines and leaves blank ones out, keeping the spacing inside each line', () => {
    expect(trimmedLines('  first  line \r\n\n \t \n second\u00a0 line\n')).toEqual([
      'first  line',
      'second\u00a0 line',
    ]);
    fc.assert(
      fc.property(typedText, (text) => {
        const lines = trimmedLines(text);
        for (const line of lines) expect(line).toBe(line.trim());
        expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
    );
  });

  it('drops the slashes a configured base URL ends with', () => {
    expect(withoutTrailingSlashes('https://status.example.com///')).toBe('https://status.example.com');
    expect(withoutTrailingSlashes('https://status.example.com/page')).toBe('https://status.example.com/page');
    expect(withoutTrailingSlashes('/')).toBe('');
  });

  it('reads 40,000 characters of any shape in linear time', () => {
    const shapes = [
      'a '.repeat(20_000),
      ' '.repeat(39_999) + 'x',
      '\n \t'.repeat(13_333),
      '/'.repeat(40_000) + 'x',
    ];
    for (const text of shapes) {
      const read = () => [wordsOf(text), trimmedLines(text), withoutTrailingSlashes(text)];
      expect(fastestRunMs(read, 50)).toBeLessThan(50);
    }
  });
});
