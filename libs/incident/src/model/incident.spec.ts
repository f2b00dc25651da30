import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastestRunMs } from '../testing/running-time.js';
import { incidentSpaceName, parseRef } from './incident.js';
import { slugify } from './write-up.js';

describe(incidentSpaceName.name, () => {
  it('names the channel inc-<n>-<slug of the title>, in the characters every platform accepts', () => {
    expect(incidentSpaceName({ number: 7, title: 'Checkout: 50% of payments fail!' }, 50)).toBe(
      'inc-7-checkout-50-of-payments-fail',
    );
    expect(incidentSpaceName({ number: 8, title: 'Café ünd Übersee' }, 50)).toBe('inc-8-cafe-und-ubersee');
  });

  it('stays within the length limit without a trailing dash, and falls back to the number', () => {
    const name = incidentSpaceName({ number: 123, title: 'word '.repeat(40) }, 50);
    expect(name.length).toBeLessThanOrEqual(50);
    expect(name).toMatch(/^inc-123-word-[a-z-]*[a-z]$/);
    expect(incidentSpaceName({ number: 9, title: '🔥🔥' }, 50)).toBe('inc-9');
  });
});

describe(parseRef.name, () => {
  it('reads a reference in any case, and refuses anything else', () => {
    expect(parseRef(' inc-12 ')).toBe('INC-12');
    expect(parseRef('INC-x')).toBeNull();
  });
});

describe('slugs of titles', () => {
  it('are dash-separated lower-case words within the limit, whatever the title', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer({ min: 10, max: 100 }),
        (title, limit) => {
          const name = incidentSpaceName({ number: 42, title }, limit);
          expect(name).toMatch(/^inc-42(?:-[a-z\d]+)*$/);
          expect(name.length).toBeLessThanOrEqual(Math.max(limit, 'inc-42'.length));
          expect(slugify(title)).toMatch(/^[a-z\d]+(?:-[a-z\d]+)*$/);
        },
      ),
    );
  });

  it('are cut from 40,000 characters of punctuation in linear time', () => {
    for (const title of ['-'.repeat(40_000), `${'!'.repeat(39_999)}a`, 'a-'.repeat(20_000)]) {
      expect(
        fastestRunMs(() => [slugify(title), incidentSpaceName({ number: 1, title }, 90)], 50),
      ).toBeLessThan(50);
    }
  });
});
