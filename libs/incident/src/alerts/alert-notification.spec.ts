import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROTOTYPE_WORDS } from '../testing/prototype-words.js';
import { aNotification, anAlert } from '../testing/alert-notifications.js';
import { alertLine, groupSummary, groupTitle } from './alert-notification.js';

describe(groupTitle.name, () => {
  const alerts = [anAlert('checkout-1:9100'), anAlert('checkout-2:9100')];

  it('takes the group’s summary annotation, on one line', () => {
    const notification = aNotification(alerts, {
      commonAnnotations: { summary: '  Checkout p99 above 2 s\n  in Zürich 🔥 ', description: 'Slow.' },
    });
    expect(groupTitle(notification)).toBe('Checkout p99 above 2 s in Zürich 🔥');
    expect(groupSummary(notification)).toBe('Slow.');
  });

  it('falls back to the title, then the description annotation', () => {
    expect(groupTitle(aNotification(alerts, { commonAnnotations: { title: 'Paiements lents' } }))).toBe(
      'Paiements lents',
    );
    const described = aNotification(alerts, { commonAnnotations: { description: 'Card payments time out' } });
    expect(groupTitle(described)).toBe('Card payments time out');
    expect(groupSummary(described), 'the description is the title already').toBeNull();
  });

  it('falls back to the alert name and the labels the group was made by', () => {
    const notification = aNotification(alerts, {
      commonAnnotations: {},
      groupLabels: { alertname: 'CheckoutLatencyHigh', cluster: 'eu-1', service: 'checkout' },
    });
    expect(groupTitle(notification)).toBe('CheckoutLatencyHigh (cluster=eu-1, service=checkout)');
  });

  it('cuts a long title between characters, never inside an emoji', () => {
    for (const pad of ['', 'x']) {
      const notification = aNotification(alerts, {
        commonAnnotations: { summary: `${pad}${'🔥'.repeat(150)}` },
      });
      expect(groupTitle(notification)).toMatch(/^x?🔥+…$/u);
    }
  });

  it('keeps a long annotation within the title limit', () => {
    const notification = aNotification(alerts, { commonAnnotations: { summary: 'Überlast '.repeat(60) } });
    expect(groupTitle(notification).length).toBeLessThanOrEqual(200);
    expect(groupTitle(notification).endsWith('…')).toBe(true);
  });
});

describe(alertLine.name, () => {
  it('names the alert by what sets it apart from its group, with its summary', () => {
    const notification = aNotification([anAlert('checkout-1:9100'), anAlert('checkout-2:9100')]);
    expect(alertLine(notification.alerts[0]!, notification)).toBe(
      'CheckoutLatencyHigh {instance=checkout-1:9100} — p99 latency above 2 s on checkout-1:9100',
    );
  });
});

describe('titles and lines from arbitrary labels and annotations', () => {
  const text = fc.string({ maxLength: 600, unit: 'grapheme' });
  const names = fc.oneof(
    fc.constantFrom('summary', 'title', 'description', 'alertname', ...PROTOTYPE_WORDS),
    fc.string(),
  );
  const map = fc.dictionary(names, text, { maxKeys: 8 });

  it('are one line, within the title limit, and never fail', () => {
    fc.assert(
      fc.property(map, map, map, (commonAnnotations, commonLabels, groupLabels) => {
        const notification = aNotification([anAlert('checkout-1:9100', { labels: commonLabels })], {
          commonAnnotations,
          commonLabels,
          groupLabels,
        });
        const title = groupTitle(notification);
        expect(title.length).toBeGreaterThan(0);
        expect(title.length).toBeLessThanOrEqual(200);
        expect(title).not.toMatch(/[\n\r]/);
        expect(alertLine(notification.alerts[0]!, notification)).not.toMatch(/[\n\r]/);
      }),
    );
  });
});
