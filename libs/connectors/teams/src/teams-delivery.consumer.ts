import type { Activity, ConversationParameters, ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import {
  type Clock,
  type DeliveryLog,
  type Incident,
  incidentHeadline,
  type IncidentService,
  type NeutralMessage,
  type NoticeTarget,
  type OutboxConsumer,
  type OutboxEvent,
} from '@firebreak/incident';
import { AdaptiveCardRenderer, namesIn, withNames } from './adaptive-card.renderer.js';
import type { TeamsCloudAdapter } from './teams-cloud-adapter.js';
import { type TeamsWorkspace, type TeamsWorkspaces } from './teams-workspaces.js';

const HEADLINE_REFRESHING_EVENTS = new Set([
  'incident.changed',
  'incident.resolved',
  'incident.reopened',
  'incident.closed',
  'incident.space_attached',
]);

const ECHOED_STATUS_EVENTS: Readonly<Record<string, string>> = {
  'incident.resolved': 'resolved',
  'incident.reopened': 'reopened',
  'incident.closed': 'closed',
};

/**
 * Posts what happens to incidents into Teams, from the outbox: a new thread with the headline card in the
 * incidents channel on declare, the card updated in place on every change, public updates and status changes
 * echoed into the thread. Everything is keyed in the DeliveryLog, so a redelivered event edits or skips
 * instead of posting twice; a Bot Connector failure throws and the relay retries with backoff.
 */
export class TeamsDelivery implements OutboxConsumer {
  readonly name = 'teams-delivery';
  readonly startAt = 'head';
  private readonly renderer = new AdaptiveCardRenderer();

  constructor(
    private readonly adapter: TeamsCloudAdapter,
    private readonly appId: string,
    private readonly incidents: IncidentService,
    private readonly workspaces: TeamsWorkspaces,
    private readonly deliveries: DeliveryLog,
    private readonly clock: Clock,
  ) {}

  async handle(event: OutboxEvent): Promise<void> {
    if (event.type === 'chat.notice' || event.type === 'reminder.due') {
      await this.postNotice(event);
      return;
    }
    if (!event.incidentRef) return;
    if (event.type === 'incident.declared') {
      await this.openThread(event.incidentRef);
      return;
    }
    if (HEADLINE_REFRESHING_EVENTS.has(event.type)) await this.refreshHeadline(event.incidentRef);
    const status = ECHOED_STATUS_EVENTS[event.type];
    if (status) await this.echo(event, `**${event.incidentRef}** is now ${status}.`);
    if (event.type === 'status_update.published') {
      const body = (event.payload['update'] as { body?: string } | undefined)?.body;
      if (body) await this.echo(event, `**Public update** on ${event.incidentRef}: ${body}`);
    }
  }

  /** The incident's space on Teams: a new thread in the incidents channel, rooted at the headline card. */
  private async openThread(ref: string): Promise<void> {
    const incident = await this.incidents.findIncident(ref);
    if (!incident) return;
    const key = headlineKey(ref);
    let thread = await this.deliveries.find(key);
    if (!thread) {
      const workspace = await this.workspaces.forDeclaration(
        incident.declaredIn.platform === 'teams' ? incident.declaredIn.channelId : null,
      );
      if (!workspace) return; // No team is set up: Teams is not in use for this incident.
      const created = await this.createThread(workspace, this.headlineActivity(incident));
      thread = {
        key,
        platformMessageId: created.activityId,
        channelId: created.conversationId,
        at: this.clock.now(),
      };
      await this.deliveries.record(thread);
    }
    if (
      !incident.spaces.some((space) => space.platform === 'teams' && space.channelId === thread.channelId)
    ) {
      await this.incidents.attachSpace(ref, {
        platform: 'teams',
        channelId: thread.channelId,
        headlineMessageId: thread.platformMessageId,
        announcementMessageId: null,
        url: null,
      });
    }
  }

  private async refreshHeadline(ref: string): Promise<void> {
    const thread = await this.deliveries.find(headlineKey(ref));
    const incident = thread ? await this.incidents.findIncident(ref) : null;
    if (!thread || !incident) return;
    const activity = { ...this.headlineActivity(incident), id: thread.platformMessageId };
    await this.inThread(thread.channelId, thread.platformMessageId, async (context) => {
      await context.updateActivity(activity);
    });
  }

  private async echo(event: OutboxEvent, text: string): Promise<void> {
    const thread = await this.deliveries.find(headlineKey(event.incidentRef!));
    if (!thread) return;
    const key = `teams:event:${event.position}`;
    if (await this.deliveries.find(key)) return;
    const incident = await this.incidents.findIncident(event.incidentRef!);
    let sentId = '';
    await this.inThread(thread.channelId, thread.platformMessageId, async (context) => {
      const sent = await context.sendActivity({
        type: 'message',
        text: withNames(text, namesIn(incident)),
        textFormat: 'markdown',
      });
      sentId = sent?.id ?? '';
    });
    await this.deliveries.record({
      key,
      platformMessageId: sentId,
      channelId: thread.channelId,
      at: this.clock.now(),
    });
  }

  /**
   * Reminders, digests and other notices the domain asks to post: into the incident's thread, or into the
   * incidents channel of every team that has one.
   */
  private async postNotice(event: OutboxEvent): Promise<void> {
    const notice = event.payload['message'] as NeutralMessage | undefined;
    const target =
      (event.payload['target'] as NoticeTarget | undefined) ??
      (event.incidentRef ? { kind: 'incident', ref: event.incidentRef } : null);
    if (!notice || !target) return;
    const incident = event.incidentRef ? await this.incidents.findIncident(event.incidentRef) : null;
    const activity = this.renderer.render(notice, namesIn(incident)) as Partial<Activity>;
    if (target.kind === 'incident') {
      const thread = await this.deliveries.find(headlineKey(target.ref));
      if (!thread) return;
      await this.sendOnce(
        `teams:notice:${event.position}`,
        thread.channelId,
        (work) => this.inThread(thread.channelId, thread.platformMessageId, work),
        activity,
      );
      return;
    }
    for (const workspace of await this.workspaces.all()) {
      const reference = workspace.settings.channelReference as ConversationReference;
      await this.sendOnce(
        `teams:notice:${event.position}:${workspace.teamId}`,
        workspace.incidentsChannelId,
        (work) => this.adapter.continueConversationAsync(this.appId, reference, work),
        activity,
      );
    }
  }

  private async sendOnce(
    key: string,
    channelId: string,
    inConversation: (work: Parameters<TeamsCloudAdapter['continueConversationAsync']>[2]) => Promise<void>,
    activity: Partial<Activity>,
  ): Promise<void> {
    if (await this.deliveries.find(key)) return;
    let sentId = '';
    await inConversation(async (context) => {
      sentId = (await context.sendActivity(activity))?.id ?? '';
    });
    await this.deliveries.record({ key, platformMessageId: sentId, channelId, at: this.clock.now() });
  }

  private headlineActivity(incident: Incident): Partial<Activity> {
    return this.renderer.render(incidentHeadline(incident), namesIn(incident)) as Partial<Activity>;
  }

  private async createThread(
    workspace: TeamsWorkspace,
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string }> {
    const reference = workspace.settings.channelReference as ConversationReference;
    const parameters = {
      isGroup: true,
      bot: reference.bot,
      tenantId: workspace.settings.tenantId ?? undefined,
      channelData: {
        channel: { id: workspace.incidentsChannelId },
        ...(workspace.settings.tenantId ? { tenant: { id: workspace.settings.tenantId } } : {}),
      },
      activity: activity as Activity,
    } satisfies ConversationParameters;
    let created: { id?: string; activityId?: string } = {};
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      created = await client.conversations.createConversation(parameters);
    });
    if (!created.id) throw new Error('The Bot Connector created a conversation without an id.');
    return {
      conversationId: created.id,
      activityId: created.activityId ?? /;messageid=([^;]+)/.exec(created.id)?.[1] ?? created.id,
    };
  }

  /** Runs `work` proactively in an incident thread, with the stored reference of its team. */
  private async inThread(
    threadId: string,
    rootMessageId: string,
    work: Parameters<TeamsCloudAdapter['continueConversationAsync']>[2],
  ): Promise<void> {
    const workspace = await this.workspaces.forThread(threadId);
    if (!workspace) return;
    const channel = workspace.settings.channelReference as ConversationReference;
    const reference: Partial<ConversationReference> = {
      ...channel,
      activityId: rootMessageId,
      conversation: { ...channel.conversation, id: threadId },
    };
    await this.adapter.continueConversationAsync(this.appId, reference, work);
  }
}

/** DeliveryLog key of an incident's Teams thread (its headline card's activity id and conversation id). */
export const headlineKey = (ref: string): string => `teams:headline:${ref}`;
