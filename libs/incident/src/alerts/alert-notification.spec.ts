import { describe, expect, it } from 'vitest';
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
