import { createHash } from 'node:crypto';

/** One alert as Alertmanager's webhook (payload version 4) carries it. */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
  [grafanaField: string]: unknown;
}

/** Alertmanager's webhook body (payload version 4); Grafana's adds fields, see `grafanaNotification`. */
export interface WebhookNotification {
  version: string;
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: WebhookAlert[];
  [grafanaField: string]: unknown;
}

/** Go's zero time: what both senders write for an alert that has not ended. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** A fingerprint shaped like Alertmanager's (16 hex digits), stable for a label set. */
export function fingerprintOf(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((name) => `${name}\u0000${labels[name]}`)
    .join('\u0001');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** An alert of the checkout latency group on one instance, firing since `startsAt` (nanoseconds, as Go writes). */
export function checkoutAlert(instance: string, startsAt: string, status: 'firing' | 'resolved' = 'firing') {
  const labels = {
    alertname: 'CheckoutLatencyHigh',
    cluster: 'eu-central-1',
    instance,
    job: 'checkout',
    service: 'checkout',
    severity: 'critical',
  };
  return {
    status,
    labels,
    annotations: {
      summary: 'Checkout p99 latency above 2 s — Zahlungen in Zürich und São Paulo hängen',
      description: `${instance} answers card payments in more than 2 s at the 99th percentile; customers see time-outs.`,
      runbook_url: 'https://runbooks.example.com/checkout/latency',
    },
    startsAt,
    endsAt: status === 'resolved' ? new Date().toISOString() : ZERO_TIME,
    generatorURL: `http://prometheus.example.com:9090/graph?g0.expr=histogram_quantile%280.99%2C+checkout_seconds%7Binstance%3D%22${instance}%22%7D%29+%3E+2`,
    fingerprint: fingerprintOf(labels),
  } satisfies WebhookAlert;
}

/**
 * A notification as Alertmanager 0.25 sends it for the checkout latency group (grouped by alert name and
 * cluster): the common labels and annotations are those every alert shares.
 */
export function alertmanagerNotification(
  alerts: WebhookAlert[],
  overrides: Partial<WebhookNotification> = {},
): WebhookNotification {
  return {
    receiver: 'firebreak',
    status: alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: 'CheckoutLatencyHigh', cluster: 'eu-central-1' },
    commonLabels: shared(alerts.map((alert) => alert.labels)),
    commonAnnotations: shared(alerts.map((alert) => alert.annotations)),
    externalURL: 'http://alertmanager.example.com:9093',
    version: '4',
    groupKey: '{}/{service="checkout"}:{alertname="CheckoutLatencyHigh", cluster="eu-central-1"}',
    truncatedAlerts: 0,
    ...overrides,
  };
}

/** The pairs every map has, as Alertmanager computes common labels and annotations. */
function shared(maps: readonly Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  return Object.fromEntries(
    Object.entries(first ?? {}).filter(([name, value]) => rest.every((each) => each[name] === value)),
  );
}

/**
 * Grafana's webhook contact point body, built field for field from Grafana's documentation of it (no Grafana
 * runs here): Alertmanager's fields with version "1", plus `orgId`, the deprecated `title`, `state` and `message`,
 * and per alert `silenceURL`, `dashboardURL`, `panelURL` and `values` (Grafana 10 and later; 9 sent `valueString`).
 */
export function grafanaNotification(): WebhookNotification {
  const memory = { alertname: 'High memory usage', team: 'blue', zone: 'us-1' };
  const cpu = { alertname: 'High CPU usage', team: 'blue', zone: 'eu-1' };
  return {
    receiver: 'My Super Webhook',
    status: 'firing',
    orgId: 1,
    alerts: [
      {
        status: 'firing',
        labels: memory,
        annotations: {
          description: 'The system has high memory usage',
          runbook_url: 'https://myrunbook.com/runbook/1234',
          summary: 'This alert was triggered for zone us-1',
        },
        startsAt: '2021-10-12T09:51:03.157076+02:00',
        endsAt: ZERO_TIME,
        generatorURL: 'https://play.grafana.org/alerting/1afz29v7z/edit',
        fingerprint: 'c6eadffa33fcdf37',
        silenceURL:
          'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1',
        dashboardURL: '',
        panelURL: '',
        values: { B: 44.23943737541908, C: 1 },
      },
      {
        status: 'firing',
        labels: cpu,
        annotations: {
          description: 'The system has high CPU usage',
          runbook_url: 'https://myrunbook.com/runbook/1234',
          summary: 'This alert was triggered for zone eu-1',
        },
        startsAt: '2021-10-12T09:56:03.157076+02:00',
        endsAt: ZERO_TIME,
        generatorURL: 'https://play.grafana.org/alerting/d1rdpdv7k/edit',
        fingerprint: 'bc97ff14869b13e3',
        silenceURL:
          'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT1%2Cteam%3Dblue%2Czone%3Deu-1',
        dashboardURL: 'https://play.grafana.org/d/a1b2c3d4/node-exporter?orgId=1',
        panelURL: 'https://play.grafana.org/d/a1b2c3d4/node-exporter?orgId=1&viewPanel=7',
        values: { B: 44.23943737541908, C: 1 },
        valueString:
          "[ var='B' labels={zone=eu-1} value=44.23943737541908 ], [ var='C' labels={zone=eu-1} value=1 ]",
      },
    ],
    groupLabels: {},
    commonLabels: { team: 'blue' },
    commonAnnotations: {},
    externalURL: 'https://play.grafana.org/',
    version: '1',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
    title: '[FIRING:2]  (blue)',
    state: 'alerting',
    message:
      '**Firing**\n\nLabels:\n - alertname = T2\n - team = blue\n - zone = us-1\nAnnotations:\n - description = ' +
      'This is the alert rule checking the second system\n - runbook_url = https://myrunbook.com\n - summary = ' +
      'This is my summary\nSource: https://play.grafana.org/alerting/1afz29v7z/edit\nSilence: ' +
      'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1\n',
  };
}
