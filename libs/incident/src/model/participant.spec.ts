import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastestRunMs } from '../testing/running-time.js';
import { participant, replaceMentions } from './participant.js';

const mentionLike = fc
  .array(
    fc.oneof(
      fc.constantFrom('<@', '<@discord:', '<@teams:', '<@api:', '<@slack:', '>', ':', ' ', '\n', '\u00a0'),
      fc.constantFrom('42', '29:abc', 'ops', 'Zoë', '🔥', '<', '@'),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    ),
    { maxLength: 40 },
  )
  .map((pieces) => pieces.join(''));

describe(replaceMentions.name, () => {
  it('replaces each platform-qualified mention and leaves everything else as written', () => {
    expect(replaceMentions('<@discord:42> hands over to <@teams:29:abc>.', (id) => `[${id}]`)).toBe(
      '[discord:42] hands over to [teams:29:abc].',
    );
    expect(replaceMentions('<@slack:1> <@discord:> <@discord:4 2> <@<@api:ops>', (id) => `[${id}]`)).toBe(
      '<@slack:1> <@discord:> <@discord:4 2> <@[api:ops]',
    );
  });

  it('reads mentions exactly as the pattern <@(discord|teams|api):[^>\\s]+> does', () => {
    fc.assert(
      fc.property(mentionLike, (text) => {
        const expected = text.replace(/<@((?:discord|teams|api):[^>\s]+)>/g, (_all, id: string) => `[${id}]`);
        expect(replaceMentions(text, (id) => `[${id}]`)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads 40,000 characters of unfinished mentions in linear time', () => {
    for (const unit of ['<@', '<@discord:', '<@teams:<@api:', '<@discord:1 ']) {
      const text = unit.repeat(Math.ceil(40_000 / unit.length));
      expect(fastestRunMs(() => replaceMentions(text, (id) => id), 50)).toBeLessThan(50);
    }
  });
});

describe(participant.name, () => {
  it('keeps the display name the platform gave, trimmed, accents and emoji included', () => {
    expect(participant('teams:aaaa0001-0000', '  Zoë 🚒 ')).toEqual({
      id: 'teams:aaaa0001-0000',
      displayName: 'Zoë 🚒',
    });
  });

  it('names someone the platform gave no name by platform, never by id', () => {
    expect(participant('teams:aaaa0001-4c1e-9e2b', '').displayName).toBe('a Teams user');
    expect(participant('discord:100200300').displayName).toBe('a Discord user');
    expect(participant('api:ops').displayName).toBe('API (ops)');
  });
});
