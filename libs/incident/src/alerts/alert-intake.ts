import { CommandScope } from '../commands/command-scope.js';
import { DEFAULT_COMMAND_SETTINGS, type CommandSettings } from '../commands/command-settings.js';
import { declareIncident } from '../commands/handlers/declare.handler.js';
import { RESOLVE_BUTTON } from '../commands/incident-messages.js';
import type { Incident } from '../model/incident.js';
import { startOf } from '../model/incident.js';
import { isActive } from '../model/incident-status.js';
import { message } from '../model/neutral-message.js';
import type { Participant } from '../model/participant.js';
import type { Clock } from '../ports/clock.js';
import type { IncidentStores, UnitOfWork } from '../ports/repositories.js';
import { chatNotice, type NoticeTarget } from '../review/followup-reminders.js';
import type { AlertGroup, AlertGroupKey, LoggedAlert } from './alert-groups.js';
import {
  alertData,
  alertLine,
  groupSummary,
  groupTitle,
  SOURCE_NAMES,
  type Alert,
  type AlertNotification,
} from './alert-notification.js';
import type { AlertRoute, AlertRouting } from './alert-routes.js';

/** What a notification did, most telling first. */
type AlertIntakeOutcome = 'declared' | 'joined' | 'notified' | 'logged' | 'unchanged' | 'unrouted';

export interface AlertIntakeResult {
  readonly outcome: AlertIntakeOutcome;
  /** The incident the group is worked in (declared or joined now, or earlier), if any. */
  readonly incidentRef: string | null;
  /** The routing rule the group matched, when it needed one. */
  readonly route: string | null;
  /** Firings seen for the first time. */
  readonly newAlerts: number;
  /** Resolutions seen for the first time. */
  readonly resolvedAlerts: number;
}

/** How many alerts a chat notice lists before it says how many more there are. */
const LISTED_ALERTS = 10;

/**
 * Turns alert notifications into incidents. A firing group declares an incident (or only notifies, as its
 * routing rule says), or joins the open incident it declared before; each new firing of an alert (fingerprint
 * and start) adds one timeline entry, whatever number of times it is delivered; resolutions are logged and a
 * resolved group suggests resolving its incident, which only a person does. One unit of work per notification,
 * holding the group's lock, so retries, repeats and concurrent deliveries of one group never double anything.
 */
export class AlertIntake {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly routing: AlertRouting,
    private readonly settings: CommandSettings = DEFAULT_COMMAND_SETTINGS,
  ) {}

  /** `sender` is the API caller (`api:<token name>`); the incident's reporter is the source on its behalf. */
  receive(notification: AlertNotification, sender: Participant): Promise<AlertIntakeResult> {
    const group: AlertGroupKey = { sender: sender.id, groupKey: notification.groupKey };
    const reporter: Participant = {
      id: sender.id,
      displayName: `${SOURCE_NAMES[notification.source]} (${tokenNameOf(sender)})`,
    };
    return this.unitOfWork.run(async (stores) => {
      await stores.alertGroups.lock(group);
      const known = await stores.alertGroups.find(group);
      const news = await newsOf(stores, group, notification);
      const current = known?.incidentRef ? await stores.incidents.findByRef(known.incidentRef) : null;
      const route =
        current && isActive(current.status) ? null : this.routing.routeFor(notification.commonLabels);
      const scope = new CommandScope(
        stores,
        this.clock.now(),
        {
          actor: reporter,
          location: route?.channel ?? null,
          privileged: true,
        },
        this.settings,
      );
      const intake = new GroupIntake(scope, notification, group, known, news);
      const result = await intake.apply(current, route);
      await scope.flush();
      return result;
    });
  }
}

/** The API token an alert source calls with, by its name (`api:ops` → `ops`). */
function tokenNameOf(sender: Participant): string {
  return sender.id.startsWith('api:') ? sender.id.slice('api:'.length) : sender.displayName;
}

/** What is new in a notification: firings never logged, and resolutions of logged firings not yet logged. */
interface News {
  readonly firing: readonly Alert[];
  readonly resolved: readonly (Alert & { readonly loggedIn: string | null })[];
}

const firingKey = (alert: Pick<Alert, 'fingerprint' | 'startsAt'>) =>
  `${alert.fingerprint} ${alert.startsAt.toISOString()}`;

async function newsOf(
  stores: IncidentStores,
  group: AlertGroupKey,
  notification: AlertNotification,
): Promise<News> {
  const alerts = new Map<string, Alert>();
  // One firing listed twice counts once; resolved wins, as it is the later state.
  for (const alert of notification.alerts) {
    const key = firingKey(alert);
    if (alert.status === 'resolved' || !alerts.has(key)) alerts.set(key, alert);
  }
  const fingerprints = [...new Set(notification.alerts.map((alert) => alert.fingerprint))];
  const logged = new Map<string, LoggedAlert>();
  for (const each of await stores.alertGroups.loggedAlerts(group, fingerprints))
    logged.set(firingKey(each), each);
  const firing = [...alerts.values()].filter(
    (alert) => alert.status === 'firing' && !logged.has(firingKey(alert)),
  );
  const resolved = [...alerts.values()].flatMap((alert) => {
    const firingLogged = logged.get(firingKey(alert));
    if (alert.status !== 'resolved' || !firingLogged || firingLogged.resolvedAt) return [];
    return [{ ...alert, loggedIn: firingLogged.incidentRef }];
  });
  return { firing, resolved };
}

/** One notification applied to its group, within the scope of its unit of work. */
class GroupIntake {
  constructor(
    private readonly scope: CommandScope,
    private readonly notification: AlertNotification,
    private readonly group: AlertGroupKey,
    private readonly known: AlertGroup | null,
    private readonly news: News,
  ) {}

  private get stores(): IncidentStores {
    return this.scope.stores;
  }

  async apply(current: Incident | null, route: AlertRoute | null): Promise<AlertIntakeResult> {
    const { firing, resolved } = this.news;
    await this.logResolutions(current);
    if (current && isActive(current.status)) {
      if (firing.length > 0) await this.join(current);
      return this.result(firing.length > 0 ? 'joined' : this.quietOutcome(), current.ref, null);
    }
    if (route?.action === 'declare' && firing.length > 0) {
      const declared = await this.declare(route, current);
      return this.result('declared', declared.ref, route.name);
    }
    if (route?.action === 'notify' && firing.length + resolved.length > 0) {
      this.notify(route);
      await this.logFirings(null);
      if (!this.known) await this.saveGroup(null);
      return this.result('notified', current?.ref ?? null, route.name);
    }
    const outcome = resolved.length > 0 ? 'logged' : firing.length > 0 || !route ? 'unrouted' : 'unchanged';
    return this.result(outcome, current?.ref ?? null, route?.name ?? null);
  }

  private quietOutcome(): AlertIntakeOutcome {
    return this.news.resolved.length > 0 ? 'logged' : 'unchanged';
  }

  private result(
    outcome: AlertIntakeOutcome,
    incidentRef: string | null,
    route: string | null,
  ): AlertIntakeResult {
    return {
      outcome,
      incidentRef,
      route,
      newAlerts: outcome === 'unrouted' ? 0 : this.news.firing.length,
      resolvedAlerts: this.news.resolved.length,
    };
  }

  private async declare(route: AlertRoute, previous: Incident | null): Promise<Incident> {
    const componentIds = await this.componentIds(route);
    const summary = groupSummary(this.notification);
    const declared = await declareIncident(this.scope, {
      kind: 'declare',
      title: groupTitle(this.notification),
      ...(summary ? { summary } : {}),
      ...(route.severity ? { severity: route.severity } : {}),
      // The alerts it is declared from: an earlier firing of the group belongs to the incident before.
      startedAt: startOf(
        this.scope.now,
        this.news.firing.map((alert) => alert.startsAt),
      ),
      componentIds: componentIds.found,
    });
    const incident = await this.scope.incidentByRef(declared.incidentRef!);
    if (previous)
      this.scope.timeline(
        incident,
        'note',
        `The same alert group was ${previous.ref} (now ${previous.status}).`,
      );
    for (const missing of componentIds.missing)
      this.scope.timeline(
        incident,
        'note',
        `Routing rule "${route.name}" names a component "${missing}" that does not exist.`,
      );
    this.logFiringEntries(incident);
    await this.logFirings(incident.ref);
    await this.saveGroup(incident.ref);
    return incident;
  }

  private async join(incident: Incident): Promise<void> {
    this.logFiringEntries(incident);
    await this.logFirings(incident.ref);
    const startedAt = startOf(
      incident.startedAt,
      this.news.firing.map((alert) => alert.startsAt),
    );
    if (startedAt.getTime() < incident.startedAt.getTime())
      await this.scope.saveIncident(incident, { ...incident, startedAt }, 'incident.changed', {
        change: 'startedAt',
      });
  }

  private notify(route: AlertRoute): void {
    const target: NoticeTarget = {
      kind: 'incidents_channel',
      ...(route.channel ? { only: route.channel } : {}),
    };
    const title = groupTitle(this.notification);
    const notices = [
      { alerts: this.news.firing, heading: `Alert firing: ${title}`, tone: 'warning' as const },
      { alerts: this.news.resolved, heading: `Alerts resolved: ${title}`, tone: 'success' as const },
    ];
    for (const { alerts, heading, tone } of notices) {
      if (alerts.length === 0) continue;
      const notice = message(this.listed(alerts), { title: heading, tone });
      const key = `alerts:${this.notification.groupKey}:${tone}:${this.scope.now.toISOString()}`;
      this.scope.record(chatNotice(target, notice, this.scope.now, key));
    }
  }

  /** One timeline entry per new firing, at the time the alert started (never later than now). */
  private logFiringEntries(incident: Incident): void {
    for (const alert of this.news.firing) {
      const at = startOf(this.scope.now, [alert.startsAt]);
      const text = `Alert firing: ${alertLine(alert, this.notification)}`;
      this.scope.timeline(incident, 'alert_firing', text, {
        at,
        data: alertData(alert, this.notification.source),
      });
    }
  }

  private async logFirings(incidentRef: string | null): Promise<void> {
    if (this.news.firing.length === 0) return;
    await this.stores.alertGroups.logAlerts(
      this.group,
      this.news.firing.map((alert) => ({
        fingerprint: alert.fingerprint,
        startsAt: alert.startsAt,
        incidentRef,
        resolvedAt: null,
      })),
    );
  }

  /**
   * Logs resolutions in the incident their firings were logged in, one entry per incident; when the whole group
   * is resolved and its incident is still open, suggests resolving it there.
   */
  private async logResolutions(current: Incident | null): Promise<void> {
    const { resolved } = this.news;
    if (resolved.length === 0) return;
    await this.stores.alertGroups.markResolved(this.group, resolved, this.scope.now);
    for (const ref of new Set(resolved.map((alert) => alert.loggedIn))) {
      const incident = ref ? await this.stores.incidents.findByRef(ref) : null;
      if (!incident) continue;
      const alerts = resolved.filter((alert) => alert.loggedIn === ref);
      this.scope.timeline(incident, 'alert_resolved', `Alerts resolved: ${this.listed(alerts, '; ')}`, {
        data: {
          source: this.notification.source,
          alerts: alerts.map((alert) => alertData(alert, this.notification.source)),
        },
      });
    }
    if (this.notification.status === 'resolved' && current && isActive(current.status))
      this.suggestResolving(current);
  }

  private suggestResolving(incident: Incident): void {
    const notice = message(
      `${this.listed(this.news.resolved)}\n\nFirebreak never resolves an incident by itself: resolve it once the response is over.`,
      {
        title: `Alerts resolved: resolve ${incident.ref}?`,
        tone: 'success',
        buttons: [RESOLVE_BUTTON],
        incidentRef: incident.ref,
      },
    );
    const key = `alerts-resolved:${incident.ref}:${this.scope.now.toISOString()}`;
    this.scope.record(chatNotice({ kind: 'incident', ref: incident.ref }, notice, this.scope.now, key));
  }

  /** The alerts, one line each (the first few), and how many more there are. */
  private listed(alerts: readonly Alert[], separator = '\n'): string {
    const lines = alerts.slice(0, LISTED_ALERTS).map((alert) => alertLine(alert, this.notification));
    const more = alerts.length - lines.length;
    const truncated = this.notification.truncatedAlerts;
    if (more > 0) lines.push(`… and ${more} more`);
    if (truncated > 0) lines.push(`(${truncated} more left out by the sender)`);
    return lines.join(separator);
  }

  private async saveGroup(incidentRef: string | null): Promise<void> {
    const now = this.scope.now;
    const group: AlertGroup = {
      ...this.group,
      incidentRef,
      firstSeenAt: this.known?.firstSeenAt ?? now,
      updatedAt: now,
    };
    await this.stores.alertGroups.save(group, this.known === null);
  }

  /** The rule's components by id or name; those that do not exist are reported, not fatal. */
  private async componentIds(route: AlertRoute): Promise<{ found: string[]; missing: string[] }> {
    const found: string[] = [];
    const missing: string[] = [];
    for (const wanted of route.components) {
      const component =
        (await this.stores.components.findById(wanted)) ?? (await this.stores.components.findByName(wanted));
      if (component) found.push(component.id);
      else missing.push(wanted);
    }
    return { found, missing };
  }
}
