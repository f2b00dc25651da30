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
});

describe('commandWordOf', () => {
  it('reads the command word after an optional incident or slash', () => {
    expect(commandWordOf('incident Setup')).toEqual({ word: 'setup', rest: '' });
    expect(commandWordOf('/declare DB down')).toEqual({ word: 'declare', rest: 'DB down' });
    expect(commandWordOf('')).toEqual({ word: '', rest: '' });
  });
});
