import { wordsOf } from '../model/typed-text.js';
import { labelValue, type Labels } from './label-matcher.js';

/** Who sent a notification: Prometheus Alertmanager, or Grafana's webhook contact point (same shape, more). */
export type AlertSource = 'alertmanager' | 'grafana';
type AlertStatus = 'firing' | 'resolved';

/** One alert of a group, as the webhook carries it. */
export interface Alert {
  readonly status: AlertStatus;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: Date;
  readonly endsAt: Date | null;
  readonly generatorURL: string | null;
  /** Identifies the alert's label set; with `startsAt`, one firing of it. */
  readonly fingerprint: string;
  /** Grafana's links (dashboardURL, panelURL, silenceURL), those that are set. */
  readonly links: Readonly<Record<string, string>>;
  /** Grafana's rendering of the query values that fired it. */
  readonly valueString: string | null;
}

/** One webhook notification: a group of alerts (by `groupKey`), its state, and what its alerts share. */
export interface AlertNotification {
  readonly source: AlertSource;
  readonly groupKey: string;
  readonly status: AlertStatus;
  readonly receiver: string;
  readonly groupLabels: Labels;
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
  readonly externalURL: string | null;
  /** Alerts left out by the sender's `max_alerts`. */
  readonly truncatedAlerts: number;
  readonly alerts: readonly Alert[];
}

export const SOURCE_NAMES: Readonly<Record<AlertSource, string>> = {
  alertmanager: 'Alertmanager',
  grafana: 'Grafana',
};

/** The longest title an incident declared from alerts gets (the API's limit for titles). */
const MAX_ALERT_TITLE = 200;
const TITLE_ANNOTATIONS = ['summary', 'title', 'description'] as const;
const MAX_LINE = 500;

/** An annotation or label value on one line, its runs of spaces and line breaks made single spaces. */
function oneLine(text: string, limit = MAX_LINE): string {
  const line = wordsOf(text)
    .map((word) => word.text)
    .join(' ');
  if (line.length <= limit) return line;
  // Never half of a character made of two UTF-16 units (an emoji): cut before it.
  const cut = isHighSurrogate(line.charCodeAt(limit - 2)) ? limit - 2 : limit - 1;
  return `${line.slice(0, cut)}…`;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * The incident's title: the group's common `summary`, `title` or `description` annotation (the first set), else
 * its alert name and the labels it was grouped by, e.g. `HighErrorRate (service=checkout, cluster=eu-1)`.
 */
export function groupTitle(notification: AlertNotification): string {
  const annotation = TITLE_ANNOTATIONS.map((name) =>
    oneLine(labelValue(notification.commonAnnotations, name)),
  ).find(Boolean);
  if (annotation) return oneLine(annotation, MAX_ALERT_TITLE);
  const alertName = oneLine(labelValue(notification.commonLabels, 'alertname'));
  const grouping = labelList(notification.groupLabels, ['alertname']);
  const named = [alertName, grouping && `(${grouping})`].filter(Boolean).join(' ');
  return oneLine(named || `Alerts for ${notification.receiver || 'a receiver'}`, MAX_ALERT_TITLE);
}

/** The group's `description`, when the title came from another annotation: the incident's summary. */
export function groupSummary(notification: AlertNotification): string | null {
  const description = labelValue(notification.commonAnnotations, 'description').trim();
  if (!description || groupTitle(notification) === oneLine(description, MAX_ALERT_TITLE)) return null;
  return description.slice(0, 4000);
}

/** `name=value, …` in name order, without the names left out. */
function labelList(labels: Labels, without: readonly string[] = []): string {
  return Object.keys(labels)
    .filter((name) => !without.includes(name))
    .sort()
    .map((name) => `${name}=${oneLine(labels[name]!, 100)}`)
    .join(', ');
}

/**
 * One alert on one line: its name, the labels that tell it apart from the rest of its group, and its summary,
 * e.g. `InstanceDown {instance=db-3:9100} — db-3 does not answer scrapes`.
 */
export function alertLine(alert: Alert, group: AlertNotification): string {
  const shared = Object.keys(group.commonLabels).filter(
    (name) => labelValue(alert.labels, name) === group.commonLabels[name],
  );
  const distinct = labelList(alert.labels, ['alertname', ...shared]);
  const summary = oneLine(labelValue(alert.annotations, 'summary') || labelValue(alert.annotations, 'title'));
  return [
    oneLine(labelValue(alert.labels, 'alertname')) || 'alert',
    distinct && `{${distinct}}`,
    summary && `— ${summary}`,
  ]
    .filter(Boolean)
    .join(' ');
}

/** What a timeline entry keeps of an alert, beside its line: enough to find it in the sender again. */
export function alertData(alert: Alert, source: AlertSource): Record<string, unknown> {
  return {
    source,
    fingerprint: alert.fingerprint,
    startsAt: alert.startsAt.toISOString(),
    ...(alert.endsAt ? { endsAt: alert.endsAt.toISOString() } : {}),
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    ...(alert.generatorURL ? { generatorURL: alert.generatorURL } : {}),
    ...alert.links,
    ...(alert.valueString ? { valueString: alert.valueString } : {}),
  };
}
