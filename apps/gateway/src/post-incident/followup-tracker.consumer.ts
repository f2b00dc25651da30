import {
  DeliveryLog,
  IncidentService,
  itemIdOf,
  type OutboxConsumer,
  type OutboxEvent,
} from '@firebreak/incident';

export interface FollowupTrackerConfig {
  /** Base URL of a GitHub-compatible API for one repository, e.g. https://api.github.com/repos/acme/ops. */
  readonly url: string;
  readonly token: string;
}

/**
 * Files each new follow-up as an issue in a GitHub-compatible tracker (`POST {url}/issues`). The delivery log
 * keeps the issue it created, so a redelivered event files nothing twice; a tracker that is down makes the
 * handler throw and the outbox retries later.
 */
export class FollowupTrackerExporter implements OutboxConsumer {
  readonly name = 'followup-tracker-export';
  readonly startAt = 'head' as const;

  constructor(
    private readonly config: FollowupTrackerConfig,
    private readonly incidents: IncidentService,
    private readonly deliveries: DeliveryLog,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async handle(event: OutboxEvent): Promise<void> {
    if (event.type !== 'timeline.entry_added' || event.payload.entry.kind !== 'followup_added') return;
    if (!event.incidentRef) return;
    const itemId = itemIdOf(event.payload.entry);
    const key = `tracker:followup:${itemId}`;
    if (itemId === null || (await this.deliveries.find(key))) return;
    const item = (await this.incidents.actionItems(event.incidentRef)).find((each) => each.id === itemId);
    if (!item) return;
    const incident = await this.incidents.getIncident(event.incidentRef);
    const issue = await this.fileIssue({
      title: `[${incident.ref}] ${item.text}`,
      body: [
        `Follow-up #${item.id} from incident ${incident.ref}: ${incident.title}.`,
        item.owner ? `Owner: ${item.owner.displayName}` : 'Owner: unassigned',
        item.dueAt ? `Due: ${item.dueAt.toISOString().slice(0, 10)}` : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
      labels: ['incident-followup', incident.ref],
    });
    await this.deliveries.record({
      key,
      platformMessageId: issue,
      channelId: this.config.url,
      at: new Date(),
    });
  }

  private async fileIssue(body: Record<string, unknown>): Promise<string> {
    const response = await this.fetchImpl(`${this.config.url.replace(/\/$/, '')}/issues`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${this.config.token}`,
        Accept: 'application/vnd.github+json',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`The follow-up tracker answered ${response.status}.`);
    const created = (await response.json()) as { html_url?: string; number?: number };
    return created.html_url ?? String(created.number ?? '');
  }
}
