import { Logger } from '@nestjs/common';
import type { Activity, ConversationParameters, ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { DeliveryRefusals, echoOf, isRefusedForGood } from '@firebreak/chat';
import {
  type Clock,
  type DeliveryLog,
  type DeliveryRecord,
  type Incident,
  incidentSpaceName,
  incidentSpaceNote,
  type IncidentService,
  type NeutralMessage,
  noticeReaches,
  type OutboxConsumer,
  type OutboxEvent,
  type OutboxEventOf,
} from '@firebreak/incident';
import { TeamsCardRenderer, namesIn } from './teams-card.renderer.js';
import type { TeamsCloudAdapter } from './teams-cloud-adapter.js';
import type { TeamsGraphChannels } from './teams-graph-channels.js';
import { GraphRequestError } from './teams-graph-client.js';
import {
  channelOf,
  teamsMessageLink,
  type TeamsWorkspace,
  type TeamsWorkspaces,
} from './teams-workspaces.js';

const HEADLINE_REFRESHING_EVENTS = new Set([
  'incident.changed',
  'incident.resolved',
  'incident.reopened',
  'incident.closed',
  'incident.space_attached',
]);

/** Graph's limit on a channel's display name. */
const CHANNEL_NAME_LENGTH = 50;

const ANNOUNCEMENT_EVENTS = new Set(['incident.resolved', 'incident.reopened', 'incident.closed']);

/**
 * Posts what happens to incidents into Teams, from the outbox: a new thread with the headline card in the
 * incidents channel on declare, the card updated in place on every change, public updates and status changes
 * echoed into the thread. Everything is keyed in the DeliveryLog, so a redelivered event edits or skips
 * instead of posting twice; a Bot Connector failure throws and the relay retries with backoff.
 */
export class TeamsDeliveryConsumer implements OutboxConsumer {
  readonly name = 'teams-delivery';
  readonly startAt = 'head';
  private readonly renderer = new TeamsCardRenderer();
  private readonly logger = new Logger('TeamsDelivery');
  private readonly refusals = new DeliveryRefusals(statusOf, (problem) =>
    this.logger.error(`Teams: ${problem}`),
  );

  constructor(
    private readonly adapter: TeamsCloudAdapter,
    private readonly appId: string,
    private readonly incidents: IncidentService,
    private readonly workspaces: TeamsWorkspaces,
    private readonly deliveries: DeliveryLog,
    private readonly clock: Clock,
    /** Set when each incident gets a team channel of its own; null keeps a thread in the incidents channel. */
    private readonly graph: TeamsGraphChannels | null = null,
    private readonly statusPageUrl: string | null = null,
  ) {}

  /**
   * Delivers one event. What the Bot Connector refuses for good (the conversation is gone, the bot was removed
   * from the team, a body it will never accept) is logged and skipped: retrying would hold up every later post.
   * Outages, throttling and rejected credentials throw, and the relay retries with backoff.
   */
  async handle(event: OutboxEvent): Promise<void> {
    await this.skippingRefusal(event, () => this.deliver(event));
  }

  /** Each step on its own: a refused card update must not cost the echo that follows it. */
  private skippingRefusal(event: OutboxEvent, step: () => Promise<void>): Promise<void> {
    return this.refusals.deliverOrSkip(event, step);
  }

  private async deliver(event: OutboxEvent): Promise<void> {
    if (event.type === 'chat.notice' || event.type === 'reminder.due') {
      await this.postNotice(event);
      return;
    }
    if (!event.incidentRef) return;
    if (event.type === 'incident.declared') {
      await this.openThread(event.incidentRef);
      return;
    }
    const ref = event.incidentRef;
    const step = (work: () => Promise<void>) => this.skippingRefusal(event, work);
    if (HEADLINE_REFRESHING_EVENTS.has(event.type)) await step(() => this.refreshHeadline(ref));
    if (ANNOUNCEMENT_EVENTS.has(event.type)) await step(() => this.refreshAnnouncement(ref));
    const echo = echoOf(event, this.statusPageUrl);
    if (echo) await this.echo(event, echo);
  }

  /**
   * The incident's space on Teams: a thread rooted at the headline card, in a channel of its own (created
   * through Graph, announced in the incidents channel) or else in the incidents channel itself. Each step is
   * recorded before the next, so a retry after a crash reuses what exists instead of creating it twice.
   */
  private async openThread(ref: string): Promise<void> {
    const incident = await this.incidents.findIncident(ref);
    if (!incident) return;
    const workspace = await this.workspaceOf(incident);
    if (!workspace) return; // No team is set up: Teams is not in use for this incident.
    const key = headlineKey(ref);
    let thread = await this.deliveries.find(key);
    if (!thread) {
      const headlineIn = await this.incidentChannel(incident, workspace);
      const created = await this.createHeadlineThread(incident, workspace, headlineIn);
      thread = {
        key,
        platformMessageId: created.activityId,
        channelId: created.conversationId,
        at: this.clock.now(),
      };
      await this.deliveries.record(thread);
    }
    // The space is where the headline went: the incident's channel, unless that refused it.
    const recordedChannel = await this.deliveries.find(channelKey(ref));
    const channel =
      recordedChannel && channelOf(thread.channelId) === recordedChannel.channelId ? recordedChannel : null;
    if (channel) await this.announce(incident, workspace, channel.platformMessageId);
    const spaceId = channel?.channelId ?? thread.channelId;
    if (!incident.spaces.some((space) => space.platform === 'teams' && space.channelId === spaceId)) {
      await this.incidents.attachSpace(ref, {
        platform: 'teams',
        channelId: spaceId,
        headlineMessageId: thread.platformMessageId,
        announcementMessageId: null,
        url: channel?.platformMessageId || null,
      });
    }
    const url =
      channel?.platformMessageId ||
      teamsMessageLink(thread.channelId, thread.platformMessageId, {
        groupId: workspace.settings.aadGroupId,
        tenantId: workspace.settings.tenantId,
      });
    await this.linkFromDeclaration(incident, workspace, url);
  }

  /**
   * The conversation an incident was declared in (a channel post, a chat with the bot) learns where to join
   * it: its channel, or its thread in the incidents channel.
   */
  private async linkFromDeclaration(
    incident: Incident,
    workspace: TeamsWorkspace,
    url: string,
  ): Promise<void> {
    if (incident.declaredIn.platform !== 'teams') return;
    const declaredIn = incident.declaredIn.channelId;
    const channel = workspace.settings.channelReference as ConversationReference;
    const reference: Partial<ConversationReference> = {
      ...channel,
      conversation: { ...channel.conversation, id: declaredIn },
    };
    await this.sendOnce(
      declaredInKey(incident.ref),
      declaredIn,
      (work) => this.adapter.continueConversationAsync(this.appId, reference, work),
      this.renderer.render(incidentSpaceNote(incident, url)) as Partial<Activity>,
    );
  }

  /** Opens the headline thread in the incident's channel, or in the incidents channel if that refuses it. */
  private async createHeadlineThread(
    incident: Incident,
    workspace: TeamsWorkspace,
    channel: DeliveryRecord | null,
  ): Promise<{ conversationId: string; activityId: string }> {
    const headline = await this.headlineActivity(incident);
    if (!channel) return this.createThread(workspace, workspace.incidentsChannelId, headline);
    try {
      return await this.createThread(workspace, channel.channelId, headline);
    } catch (error) {
      if (!this.refusals.isRefusedForGood(error)) throw error;
      this.logger.error(
        `${incident.ref}: its channel refused the headline (${String(error)}); using a thread.`,
      );
      return this.createThread(workspace, workspace.incidentsChannelId, headline);
    }
  }

  /** The team an incident is worked in: where it was declared, else the default team. */
  private workspaceOf(incident: Incident): Promise<TeamsWorkspace | null> {
    return this.workspaces.forDeclaration(
      incident.declaredIn.platform === 'teams' ? incident.declaredIn.channelId : null,
    );
  }

  /**
   * The incident's own channel (recorded with its web URL as the message id), created through Graph the
   * first time; null when incidents get threads, or the team was set up before its group id was kept.
   */
  private async incidentChannel(incident: Incident, workspace: TeamsWorkspace) {
    const key = channelKey(incident.ref);
    const recorded = await this.deliveries.find(key);
    if (recorded || !this.graph) return recorded;
    const groupId = workspace.settings.aadGroupId;
    if (!groupId) {
      this.logger.warn(`${incident.ref} gets a thread: run setup again in the team so Graph can name it.`);
      return null;
    }
    const created = await this.graph
      .createChannel(
        workspace.settings.tenantId,
        groupId,
        incidentSpaceName(incident, CHANNEL_NAME_LENGTH),
        `${incident.ref}: ${incident.title}`.slice(0, 1024),
      )
      .catch((error: unknown) => {
        // Refused for good (no Channel.Create permission, team gone): a thread beats no space at all.
        // Outages and throttling (5xx, 429) throw on, and the outbox retries.
        if (!(error instanceof GraphRequestError) || !isRefusedForGood(error.status)) throw error;
        this.logger.error(`${incident.ref} gets a thread, Graph refused its channel: ${error.message}`);
        return null;
      });
    if (!created) return null;
    const channel = {
      key,
      platformMessageId: created.webUrl ?? '',
      channelId: created.id,
      at: this.clock.now(),
    };
    await this.deliveries.record(channel);
    return channel;
  }

  /** Links the new channel from the incidents channel, as Discord's announcement does. */
  private async announce(incident: Incident, workspace: TeamsWorkspace, url: string): Promise<void> {
    await this.sendOnce(
      announcementKey(incident.ref),
      workspace.incidentsChannelId,
      (work) => this.inIncidentsChannel(workspace, work),
      this.announcementActivity(incident, url || null),
    );
  }

  /** Keeps the announcement current on resolve, reopen and close (only incidents with their own channel have one). */
  private async refreshAnnouncement(ref: string): Promise<void> {
    const announcement = await this.deliveries.find(announcementKey(ref));
    const incident = announcement ? await this.incidents.findIncident(ref) : null;
    if (!announcement || !incident) return;
    const workspace = await this.workspaceOf(incident);
    if (!workspace) return;
    const url = (await this.deliveries.find(channelKey(ref)))?.platformMessageId || null;
    const activity = { ...this.announcementActivity(incident, url), id: announcement.platformMessageId };
    await this.inIncidentsChannel(workspace, async (context) => {
      await context.updateActivity(activity);
    });
  }

  private announcementActivity(incident: Incident, url: string | null): Partial<Activity> {
    return this.renderer.render(
      this.incidents.announcement(incident, url),
      namesIn(incident),
    ) as Partial<Activity>;
  }

  /** Runs `work` proactively in a team's incidents channel, with the reference `setup` stored. */
  private inIncidentsChannel(
    workspace: TeamsWorkspace,
    work: Parameters<TeamsCloudAdapter['continueConversationAsync']>[2],
  ): Promise<void> {
    const reference = workspace.settings.channelReference as ConversationReference;
    return this.adapter.continueConversationAsync(this.appId, reference, work);
  }

  private async refreshHeadline(ref: string): Promise<void> {
    const thread = await this.deliveries.find(headlineKey(ref));
    const incident = thread ? await this.incidents.findIncident(ref) : null;
    if (!thread || !incident) return;
    const activity = { ...(await this.headlineActivity(incident)), id: thread.platformMessageId };
    await this.inThread(incident, thread.channelId, thread.platformMessageId, async (context) => {
      await context.updateActivity(activity);
    });
  }

  private async echo(event: OutboxEvent, echo: NeutralMessage): Promise<void> {
    const thread = await this.deliveries.find(headlineKey(event.incidentRef!));
    if (!thread) return;
    const key = `teams:event:${event.position}`;
    if (await this.deliveries.find(key)) return;
    const incident = await this.incidents.findIncident(event.incidentRef!);
    let sentId = '';
    await this.inThread(incident, thread.channelId, thread.platformMessageId, async (context) => {
      const sent = await context.sendActivity(
        this.renderer.render(echo, namesIn(incident)) as Partial<Activity>,
      );
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
  private async postNotice(event: OutboxEventOf<'chat.notice' | 'reminder.due'>): Promise<void> {
    const { message: notice, target } = event.payload;
    const incident = event.incidentRef ? await this.incidents.findIncident(event.incidentRef) : null;
    const activity = this.renderer.render(notice, namesIn(incident)) as Partial<Activity>;
    if (target.kind === 'incident') {
      const thread = await this.deliveries.find(headlineKey(target.ref));
      if (!thread) return;
      await this.sendOnce(
        `teams:notice:${event.position}`,
        thread.channelId,
        (work) => this.inThread(incident, thread.channelId, thread.platformMessageId, work),
        activity,
      );
      return;
    }
    for (const workspace of await this.workspaces.all()) {
      if (!noticeReaches(target, 'teams', workspace.incidentsChannelId)) continue;
      await this.sendOnce(
        `teams:notice:${event.position}:${workspace.teamId}`,
        workspace.incidentsChannelId,
        (work) => this.inIncidentsChannel(workspace, work),
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

  private async headlineActivity(incident: Incident): Promise<Partial<Activity>> {
    const headline = await this.incidents.headline(incident);
    return this.renderer.render(headline, namesIn(incident)) as Partial<Activity>;
  }

  private async createThread(
    workspace: TeamsWorkspace,
    channelId: string,
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string }> {
    const reference = workspace.settings.channelReference as ConversationReference;
    const parameters = {
      isGroup: true,
      bot: reference.bot,
      tenantId: workspace.settings.tenantId ?? undefined,
      channelData: {
        channel: { id: channelId },
        ...(workspace.settings.tenantId ? { tenant: { id: workspace.settings.tenantId } } : {}),
      },
      activity: activity as Activity,
    } satisfies ConversationParameters;
    let created: { id?: string; activityId?: string } = {};
    await this.inIncidentsChannel(workspace, async (context) => {
      const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
      created = await client.conversations.createConversation(parameters);
    });
    if (!created.id) throw new Error('The Bot Connector created a conversation without an id.');
    return {
      conversationId: created.id,
      activityId: created.activityId ?? /;messageid=([^;]+)/.exec(created.id)?.[1] ?? created.id,
    };
  }

  /**
   * Runs `work` proactively in an incident thread, with the stored reference of its team: the team whose
   * incidents channel holds the thread, or for a thread in the incident's own channel, the incident's team.
   */
  private async inThread(
    incident: Incident | null,
    threadId: string,
    rootMessageId: string,
    work: Parameters<TeamsCloudAdapter['continueConversationAsync']>[2],
  ): Promise<void> {
    const workspace =
      (await this.workspaces.forThread(threadId)) ?? (incident ? await this.workspaceOf(incident) : null);
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
const headlineKey = (ref: string): string => `teams:headline:${ref}`;
/** DeliveryLog key of an incident's own team channel (its Graph channel id, its web URL as the message id). */
const channelKey = (ref: string): string => `teams:channel:${ref}`;
/** DeliveryLog key of the link to an incident's space left where it was declared. */
const declaredInKey = (ref: string): string => `teams:declared-in:${ref}`;
/** DeliveryLog key of the incidents-channel post that links to an incident's own channel. */
const announcementKey = (ref: string): string => `teams:announcement:${ref}`;

/** The HTTP status the Bot Connector answered with, as botframework-connector's errors carry it. */
function statusOf(error: unknown): number | null {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : null;
}
