import fc from 'fast-check';
import { fastestRunMs } from '@firebreak/incident/testing';
import { describe, expect, it } from 'vitest';
import { commandTextOf, commandWordOf, plainText } from './teams-command-text.js';

const BOT = '28:bot-app-id';

describe('commandTextOf', () => {
  it('strips the bot mention', () => {
    const result = commandTextOf(
      '<at>Firebreak</at> incident declare DB is down',
      [{ mentioned: { id: BOT, name: 'Firebreak' }, text: '<at>Firebreak</at>' }],
      BOT,
    );
    expect(result).toEqual({ text: 'incident declare DB is down', mentioned: {} });
  });

  it('rewrites user mentions as <@teams:id> with display names, resolving AAD ids', () => {
    const result = commandTextOf(
      '<at>Firebreak</at> lead <at>Alice Smith</at>',
      [
        { mentioned: { id: BOT, name: 'Firebreak' }, text: '<at>Firebreak</at>' },
        { mentioned: { id: '29:alice', name: 'Alice Smith' }, text: '<at>Alice Smith</at>' },
      ],
      BOT,
      (id) => (id === '29:alice' ? 'aad-alice' : id),
    );
    expect(result).toEqual({
      text: 'lead <@teams:aad-alice>',
      mentioned: { 'teams:aad-alice': 'Alice Smith' },
    });
  });

  it('keeps the Bot Framework id when no AAD id is known', () => {
    const result = commandTextOf(
      'scribe <at>Bob</at>',
      [{ mentioned: { id: '29:bob', name: 'Bob' }, text: '<at>Bob</at>' }],
      BOT,
    );
    expect(result.text).toBe('scribe <@teams:29:bob>');
  });
});

describe('plainText', () => {
  it('strips HTML and decodes entities', () => {
    expect(plainText('<p>Failover &amp; <b>restart</b>&nbsp;done</p>')).toBe('Failover & restart done');
  });

  it('keeps neutral mentions', () => {
    expect(plainText('<div>lead <@teams:abc></div>')).toBe('lead <@teams:abc>');
  });

  it('turns line breaks and block ends into single new lines, trimmed', () => {
    expect(plainText('<p>Failover done</p><p> Watching  <BR />error rates </p>\n<div>\t</div>')).toBe(
      'Failover done\nWatching\nerror rates',
    );
  });

  it('leaves no tag, no blank line and no line with whitespace around it, whatever the HTML', () => {
    const html = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            '<p>',
            '</p>',
            '<br>',
            '<br />',
            '</div>',
            '<b>',
            '<',
            '>',
            '<@teams:abc>',
            '&amp;',
            '&lt;b&gt;',
          ),
          fc.constantFrom(' ', '\t', '\n', '\r\n', '&nbsp;', 'Zoë', '🔥', 'rollback'),
          fc.string({ unit: 'grapheme', maxLength: 6 }),
        ),
        { maxLength: 60 },
      )
      .map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(html, (input) => {
        const text = plainText(input);
        for (const line of text.split('\n')) {
          expect(line).toBe(line.trim());
          if (text) expect(line).not.toBe('');
        }
        if (input.includes('&lt;') || input.includes('&gt;')) return;
        const rest = text.replaceAll('<@teams:abc>', '');
        const open = rest.indexOf('<');
        if (open >= 0) expect(rest.indexOf('>', open)).toBe(-1);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads 40,000 characters of any shape in linear time', () => {
    const shapes = [
      '<'.repeat(40_000),
      '<@teams:'.repeat(5_000),
      `${' \n'.repeat(20_000)}x`,
      `<br${' '.repeat(39_990)}`,
      '<b'.repeat(20_000),
    ];
    for (const html of shapes) expect(fastestRunMs(() => plainText(html), 50)).toBeLessThan(50);
  });
});

describe('commandWordOf', () => {
  it('reads the command word after an optional incident or slash', () => {
    expect(commandWordOf('incident Setup')).toEqual({ word: 'setup', rest: '' });
    expect(commandWordOf('/declare DB down')).toEqual({ word: 'declare', rest: 'DB down' });
    expect(commandWordOf('')).toEqual({ word: '', rest: '' });
    expect(commandWordOf('  /declare  DB down')).toEqual({ word: 'declare', rest: 'DB down' });
  });
});
