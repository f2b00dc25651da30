/** A group of alerts as its sender names it: the API token that sent it and the group's `groupKey`. */
export interface AlertGroupKey {
  /** The sending caller, `api:<token name>`: two Alertmanager clusters with the same routes stay apart. */
  readonly sender: string;
  readonly groupKey: string;
}

/** What Firebreak remembers of a group: the incident it was last declared or joined as. */
export interface AlertGroup extends AlertGroupKey {
  /** Null while the group only notified (its route does not declare). */
  readonly incidentRef: string | null;
  readonly firstSeenAt: Date;
  readonly updatedAt: Date;
}

/** One firing of an alert (fingerprint and start), as logged: where, and whether its resolution was logged. */
export interface LoggedAlert {
  readonly fingerprint: string;
  readonly startsAt: Date;
  readonly incidentRef: string | null;
  readonly resolvedAt: Date | null;
}

/**
 * Alert groups and the firings logged for them, so a notification delivered again (Alertmanager retries, repeats
 * every `repeat_interval`, restarts) changes nothing it already changed.
 */
export abstract class AlertGroupRepository {
  /**
   * Makes this unit of work the only one acting on the group until it commits: Alertmanager may send one group
   * to several receivers at once, and only one of them may declare.
   */
  abstract lock(group: AlertGroupKey): Promise<void>;
  abstract find(group: AlertGroupKey): Promise<AlertGroup | null>;
  /** Inserts the group (unique per sender and key: a twin's concurrent insert fails) or updates its incident. */
  abstract save(group: AlertGroup, isNew: boolean): Promise<void>;
  /** The logged firings of the group's alerts with these fingerprints. */
  abstract loggedAlerts(group: AlertGroupKey, fingerprints: readonly string[]): Promise<LoggedAlert[]>;
  abstract logAlerts(group: AlertGroupKey, alerts: readonly LoggedAlert[]): Promise<void>;
  abstract markResolved(
    group: AlertGroupKey,
    alerts: readonly Pick<LoggedAlert, 'fingerprint' | 'startsAt'>[],
    at: Date,
  ): Promise<void>;
}
