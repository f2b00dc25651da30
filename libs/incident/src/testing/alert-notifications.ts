import type { Alert, AlertNotification } from '../alerts/alert-notification.js';

/** A realistic firing alert of a checkout latency group; fingerprints follow the instance. */
export function anAlert(instance: string, overrides: Partial<Alert> = {}): Alert {
  return {
    status: 'firing',
    labels: {
      alertname: 'CheckoutLatencyHigh',
      service: 'checkout',
      severity: 'critical',
      instance,
    },
    annotations: {
      summary: `p99 latency above 2 s on ${instance}`,
      runbook_url: 'https://runbooks.example.com/checkout-latency',
    },
    startsAt: new Date('2026-03-01T09:41:12.345Z'),
    endsAt: null,
    generatorURL: `https://prometheus.example.com/graph?g0.expr=checkout_p99%7Binstance%3D%22${instance}%22%7D`,
    fingerprint: fingerprintOf(instance),
    links: {},
    valueString: null,
    ...overrides,
  };
}

/** 16 hex digits, as Alertmanager writes fingerprints, derived from the text. */
function fingerprintOf(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text))
    hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

/** A notification of the checkout latency group, as Alertmanager sends it, with the given alerts. */
export function aNotification(
  alerts: readonly Alert[],
  overrides: Partial<AlertNotification> = {},
): AlertNotification {
  return {
    source: 'alertmanager',
    groupKey: '{}/{service="checkout"}:{alertname="CheckoutLatencyHigh"}',
    status: alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'firebreak',
    groupLabels: { alertname: 'CheckoutLatencyHigh' },
    commonLabels: { alertname: 'CheckoutLatencyHigh', service: 'checkout', severity: 'critical' },
    commonAnnotations: {
      summary: 'Checkout p99 latency above 2 s — Zahlungen in Zürich & São Paulo hängen',
      description:
        'The checkout service answers slower than 2 s at the 99th percentile on several instances since the ' +
        'last deploy; card payments time out for some customers.',
    },
    externalURL: 'http://alertmanager.example.com:9093',
    truncatedAlerts: 0,
    alerts,
    ...overrides,
  };
}

export const resolvedAt = (alert: Alert, endsAt: Date): Alert => ({ ...alert, status: 'resolved', endsAt });
