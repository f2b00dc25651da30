import { describe, expect, it } from 'vitest';
import { durationText } from './duration-text.js';

describe(durationText.name, () => {
  it('reads in its two largest units, rounded down', () => {
    const seconds = (count: number) => count * 1_000;
    expect(
      [
        0,
        999,
        seconds(45),
        seconds(60),
        seconds(750),
        seconds(3_600),
        seconds(3_900),
        seconds(86_400),
        seconds(183_600),
      ].map(durationText),
    ).toEqual(['0 s', '0 s', '45 s', '1 min', '12 min 30 s', '1 h', '1 h 05 min', '1 d', '2 d 3 h']);
  });
});
