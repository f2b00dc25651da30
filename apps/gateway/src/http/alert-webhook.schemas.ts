import { z } from 'zod';
import type { Alert, AlertNotification } from '@firebreak/incident';
import { API_SCHEMAS } from './api-response-schemas.js';

/*
 * The webhook bodies of Prometheus Alertmanager (payload version 4) and of Grafana's webhook contact point (version
 * 1: the same fields plus orgId, title, state, message, and per alert its dashboard, panel and silence links and
 * values). Fields either adds in later versions are ignored rather than refused, so an upgrade of the sender does
 * not stop alerts; every field Firebreak reads is checked.
 */

/** Alerts in one notification; a larger group should set `max_alerts` on the sender (the rest are counted). */
const MAX_ALERTS_PER_NOTIFICATION = 10_000;

/** Go's zero time, which both senders write for "no end yet". */
const ZERO_TIME = '0001-01-01T00:00:00Z';

const instant = z.iso.datetime({
  offset: true,
  message: 'must be an RFC 3339 time such as 2026-03-01T09:41:12.345Z',
});
/** Label and annotation maps; Go writes an empty one as null. */
const labels = z
  .record(z.string().max(1_000), z.string().max(100_000), { error: 'must be an object of name → text' })
  .nullish()
  .transform((value) => value ?? {});
const link = z.string().max(8_000).optional();

const WebhookAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels,
  startsAt: instant.refine((value) => value !== ZERO_TIME, 'must be when the alert started'),
  endsAt: instant.optional(),
  generatorURL: link,
  fingerprint: z
    .string()
    .trim()
    .min(1, 'must identify the alert (Alertmanager 0.19 and later send it)')
    .max(128, 'must be at most 128 characters'),
  silenceURL: link,
  dashboardURL: link,
  panelURL: link,
  values: z.record(z.string(), z.number().nullable()).nullish(),
  valueString: z.string().max(100_000).optional(),
});

export const AlertmanagerWebhookBody = z.object({
  version: z.enum(['4', '1'], { error: 'must be "4" (Alertmanager) or "1" (Grafana)' }),
  groupKey: z.string().min(1, 'must name the alert group').max(100_000),
  truncatedAlerts: z.int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().max(1_000),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: link,
  alerts: z
    .array(WebhookAlert)
    .min(1, 'must list the group’s alerts')
    .max(
      MAX_ALERTS_PER_NOTIFICATION,
      `must list at most ${MAX_ALERTS_PER_NOTIFICATION} alerts (set max_alerts)`,
    ),
  orgId: z.int().optional().describe('Grafana only'),
  title: z.string().max(100_000).optional().describe('Grafana only'),
  state: z.string().max(100).optional().describe('Grafana only'),
  message: z.string().max(1_000_000).optional().describe('Grafana only'),
});
export type AlertmanagerWebhook = z.output<typeof AlertmanagerWebhookBody>;

/** What the webhook is answered with: what the notification did. */
export const AlertNotificationAnswerSchema = z
  .object({
    outcome: z
      .enum(['declared', 'joined', 'notified', 'logged', 'unchanged', 'unrouted'])
      .describe(
        'declared an incident, joined the group’s open incident, notified an incidents channel, only logged ' +
          'resolutions, changed nothing (a repeat), or matched no routing rule',
      ),
    incident: z.string().nullable().describe('the incident the group is worked in, if any'),
    route: z.string().nullable().describe('the routing rule the group matched, when it needed one'),
    newAlerts: z.int().describe('alert firings seen for the first time'),
    resolvedAlerts: z.int().describe('resolutions seen for the first time'),
  })
  .register(API_SCHEMAS, { id: 'AlertNotificationAnswer' });

/** The domain's notification: Grafana is told apart by its `orgId`. */
export function alertNotificationOf(body: AlertmanagerWebhook): AlertNotification {
  return {
    source: body.orgId === undefined ? 'alertmanager' : 'grafana',
    groupKey: body.groupKey,
    status: body.status,
    receiver: body.receiver,
    groupLabels: body.groupLabels,
    commonLabels: body.commonLabels,
    commonAnnotations: body.commonAnnotations,
    externalURL: body.externalURL || null,
    truncatedAlerts: body.truncatedAlerts,
    alerts: body.alerts.map(alertOf),
  };
}

function alertOf(alert: z.output<typeof WebhookAlert>): Alert {
  const links = Object.fromEntries(
    (['dashboardURL', 'panelURL', 'silenceURL'] as const)
      .filter((name) => alert[name])
      .map((name) => [name, alert[name]!]),
  );
  return {
    status: alert.status,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: new Date(alert.startsAt),
    endsAt: alert.endsAt && alert.endsAt !== ZERO_TIME ? new Date(alert.endsAt) : null,
    generatorURL: alert.generatorURL || null,
    fingerprint: alert.fingerprint,
    links,
    valueString: alert.valueString || null,
  };
}
