import { describe, expect, it } from 'vitest';
import { incidentSpaceName, parseRef } from './incident.js';

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
