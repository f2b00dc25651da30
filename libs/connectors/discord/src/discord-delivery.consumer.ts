import {
  ChannelType,
  DiscordAPIError,
  Routes,
  type APIChannel,
  type APIMessage,
  type REST,
} from 'discord.js';
import { Logger } from '@nestjs/common';
import { DeliveryRefusals, echoOf } from '@firebreak/chat';
import {
  ChatWorkspaceRepository,
  Clock,
  DeliveryLog,
  IncidentService,
  incidentSpaceName,
  incidentSpaceNote,
  noticeReaches,
  participantNames,
  type Incident,
  type OutboxConsumer,
  type OutboxEvent,
  type OutboxEventOf,
} from '@firebreak/incident';
import { DiscordMessageRenderer, type DiscordMessageBody } from './discord-message.renderer.js';
import { discordGuildSettings } from './discord-guild-settings.js';
import type { DiscordSettings } from './discord-settings.js';

/** Where an incident lives on Discord, as recorded in the delivery log. */
interface IncidentChannel {
  readonly guildId: string;
  readonly channelId: string;
}

/** Delivery-log keys: one per post, so a redelivered event edits or skips instead of posting twice. */
const deliveryKeys = {
  channel: (ref: string) => `discord:channel:${ref}`,
  headline: (ref: string) => `discord:headline:${ref}`,
  announcement: (ref: string) => `discord:announcement:${ref}`,
  /** The link to the incident's channel left in the channel it was declared in. */
  declaredIn: (ref: string) => `discord:declared-in:${ref}`,
  event: (position: number) => `discord:event:${position}`,
  /** Written just before a post: a retry that finds it (but no result) looks for the post before posting. */
  pending: (key: string) => `${key}:pending`,
};

/** Which existing message would be this post, if an earlier attempt reached Discord unrecorded. */
type SamePost = (message: APIMessage) => boolean;

const titled =
  (title: string | undefined, description?: string): SamePost =>
  (posted) =>
    posted.author.bot === true &&
    posted.embeds[0]?.title === title &&
    (description === undefined || posted.embeds[0]?.description === description);

const HEADLINE_EVENTS = new Set([
  'incident.changed',
  'incident.resolved',
  'incident.reopened',
  'incident.closed',
  'status_update.published',
]);
const ANNOUNCEMENT_EVENTS = new Set(['incident.resolved', 'incident.reopened', 'incident.closed']);

export const discordChannelUrl = (guildId: string, channelId: string, messageId?: string): string =>
  `https://discord.com/channels/${guildId}/${channelId}${messageId ? `/${messageId}` : ''}`;

/** `inc-<n>-<slug>`, as Discord shows channel names (it allows 100 characters; long names help no one). */
const incidentChannelName = (incident: Pick<Incident, 'number' | 'title'>): string =>
  incidentSpaceName(incident, 90);

/**
 * Posts what the outbox says happened: the incident channel, its headline and announcement on declare,
 * edits on change, echoes of public updates. Discord errors propagate, so the relay retries with backoff;
 * every post is looked up in the delivery log first, so a retry never posts twice.
 */
export class DiscordDeliveryConsumer implements OutboxConsumer {
  readonly name = 'discord-delivery';
  readonly startAt = 'head' as const;
  private readonly logger = new Logger('DiscordDelivery');
  private readonly renderer = new DiscordMessageRenderer();
  private readonly refusals = new DeliveryRefusals(statusOf, (problem) =>
    this.logger.error(`Discord: ${problem}`),
  );

  constructor(
    private readonly rest: REST,
    private readonly incidents: IncidentService,
    private readonly workspaces: ChatWorkspaceRepository,
    private readonly deliveries: DeliveryLog,
    private readonly clock: Clock,
    private readonly settings: DiscordSettings,
  ) {}

  /**
   * Delivers one event. A post Discord refuses for good (its channel or message was deleted, the bot lost
   * access, a body it will never accept) is logged and skipped: retrying it would hold up every later post of
   * every incident. Outages, rate limits and a rejected token throw, and the relay retries with backoff.
   */
  async handle(event: OutboxEvent): Promise<void> {
    await this.skippingRefusal(event, () => this.deliver(event));
  }

  /** Each step on its own: a deleted headline must not cost the echo or the archive that follow it. */
  private skippingRefusal(event: OutboxEvent, step: () => Promise<void>): Promise<void> {
    return this.refusals.deliverOrSkip(event, step);
  }

  private async deliver(event: OutboxEvent): Promise<void> {
    if (event.type === 'chat.notice' || event.type === 'reminder.due') return this.postNotice(event);
    if (!event.incidentRef) return;
    if (event.type === 'incident.declared') return this.openIncident(event.incidentRef);
    // Before any read: an incident declared from 100 alerts brings 100 timeline events, none of them posted.
    if (!HEADLINE_EVENTS.has(event.type)) return;
    const where = await this.channelOf(event.incidentRef);
    if (!where) return; // not delivered to Discord (no guild was set up for it)
    const incident = await this.incidents.getIncident(event.incidentRef);
    const step = (work: () => Promise<void>) => this.skippingRefusal(event, work);
    if (HEADLINE_EVENTS.has(event.type)) await step(() => this.editHeadline(incident));
    if (ANNOUNCEMENT_EVENTS.has(event.type)) await step(() => this.editAnnouncement(incident, where));
    if (event.type === 'status_update.published') await step(() => this.echoUpdate(event, where));
    if (event.type === 'incident.closed') await step(() => this.archive(where));
  }

  /**
   * Moves a closed incident's channel into the guild's archive category (`/incident setup archive_category:`),
   * synced to its permissions, so admins decide there whether archives are read-only. Moving twice is
   * harmless, so a redelivered event needs no record; a category Discord refuses is skipped like any refusal.
   */
  private async archive(where: IncidentChannel): Promise<void> {
    const workspace = await this.workspaces.find('discord', where.guildId);
    const { archiveCategoryId } = discordGuildSettings(workspace);
    if (!archiveCategoryId) return;
    // Only Modify Guild Channel Positions honours lock_permissions (PATCH /channels/:id ignores it).
    await this.rest.patch(Routes.guildChannels(where.guildId), {
      body: [{ id: where.channelId, parent_id: archiveCategoryId, lock_permissions: true }],
      reason: 'Firebreak: incident closed',
    });
  }

  private async openIncident(ref: string): Promise<void> {
    const incident = await this.incidents.getIncident(ref);
    const target = await this.targetFor(incident);
    if (!target) {
      this.logger.log(`${ref} is not posted to Discord: no guild is set up for it (run /incident setup).`);
      return;
    }
    const channelId = await this.ensureChannel(incident, target.guildId, target.categoryId);
    const url = discordChannelUrl(target.guildId, channelId);
    const headline = this.renderer.render(await this.incidents.headline(incident), {
      names: participantNames(incident),
    });
    const headlineId = await this.postOnce(
      deliveryKeys.headline(ref),
      channelId,
      headline,
      titled(headline.embeds[0]?.title),
    );
    const announcement = this.renderer.render(this.incidents.announcement(incident, url), {
      names: participantNames(incident),
    });
    const announcementId = target.announceIn
      ? await this.postOnce(
          deliveryKeys.announcement(ref),
          target.announceIn,
          announcement,
          titled(announcement.embeds[0]?.title),
        )
      : null;
    const attached = incident.spaces.find(
      (space) => space.platform === 'discord' && space.channelId === channelId && space.headlineMessageId,
    );
    if (!attached) {
      await this.incidents.attachSpace(ref, {
        platform: 'discord',
        channelId,
        headlineMessageId: headlineId,
        announcementMessageId: announcementId,
        url,
      });
    }
    // Last: a declaring channel that refuses the note (the bot may not post there) costs nothing else.
    await this.linkFromDeclaration(incident, channelId, url, target.announceIn);
  }

  /**
   * The channel an incident was declared in learns where to join it, unless the announcement (which links the
   * channel too) went there.
   */
  private async linkFromDeclaration(
    incident: Incident,
    channelId: string,
    url: string,
    announcedIn: string | null,
  ): Promise<void> {
    if (incident.declaredIn.platform !== 'discord') return;
    const declaredIn = incident.declaredIn.channelId;
    if (declaredIn === channelId || declaredIn === announcedIn) return;
    const note = this.renderer.render(incidentSpaceNote(incident, url));
    await this.postOnce(
      deliveryKeys.declaredIn(incident.ref),
      declaredIn,
      note,
      titled(undefined, note.embeds[0]?.description),
    );
  }

  /** Discord-declared incidents go to the guild they came from; others to the default guild, once set up. */
  private async targetFor(
    incident: Incident,
  ): Promise<{ guildId: string; categoryId: string | null; announceIn: string | null } | null> {
    if (incident.declaredIn.platform === 'discord') {
      const channel = (await this.rest.get(Routes.channel(incident.declaredIn.channelId))) as APIChannel & {
        guild_id?: string;
      };
      if (channel.guild_id) {
        const workspace = await this.workspaces.find('discord', channel.guild_id);
        return {
          guildId: channel.guild_id,
          categoryId: discordGuildSettings(workspace).incidentCategoryId,
          announceIn: workspace?.incidentsChannelId ?? incident.declaredIn.channelId,
        };
      }
    }
    if (!this.settings.guildId) return null;
    const workspace = await this.workspaces.find('discord', this.settings.guildId);
    if (!workspace) return null;
    return {
      guildId: this.settings.guildId,
      categoryId: discordGuildSettings(workspace).incidentCategoryId,
      announceIn: workspace.incidentsChannelId,
    };
  }

  /** Created once: after an attempt that may have reached Discord, the channel is looked up by name first. */
  private async ensureChannel(
    incident: Incident,
    guildId: string,
    categoryId: string | null,
  ): Promise<string> {
    const key = deliveryKeys.channel(incident.ref);
    const known = await this.deliveries.find(key);
    if (known) return known.channelId;
    const name = incidentChannelName(incident);
    const attempted = await this.deliveries.find(deliveryKeys.pending(key));
    const earlier = attempted
      ? ((await this.rest.get(Routes.guildChannels(guildId))) as APIChannel[]).find(
          (each) => each.name === name,
        )
      : undefined;
    if (!attempted) await this.markPending(key, guildId);
    const channel =
      earlier ??
      ((await this.rest.post(Routes.guildChannels(guildId), {
        body: {
          name,
          type: ChannelType.GuildText,
          parent_id: categoryId,
          topic: `${incident.ref}: ${incident.title}`.slice(0, 1024),
        },
        reason: `Firebreak: ${incident.ref} declared`,
      })) as APIChannel);
    // The channel record keeps the guild id in platformMessageId: later edits need it for jump links.
    await this.deliveries.record({
      key,
      platformMessageId: guildId,
      channelId: channel.id,
      at: this.clock.now(),
    });
    return channel.id;
  }

  /**
   * Posts once per key. A retry after an attempt whose outcome is unknown (a crash, a lost response) first
   * looks through the channel's recent messages for the post, so it is not made twice.
   */
  private async postOnce(
    key: string,
    channelId: string,
    body: DiscordMessageBody,
    same: SamePost,
  ): Promise<string> {
    const known = await this.deliveries.find(key);
    if (known) return known.platformMessageId;
    const attempted = await this.deliveries.find(deliveryKeys.pending(key));
    const earlier = attempted ? await this.findRecent(channelId, same) : undefined;
    if (!attempted) await this.markPending(key, channelId);
    const posted =
      earlier ?? ((await this.rest.post(Routes.channelMessages(channelId), { body })) as APIMessage);
    await this.deliveries.record({ key, platformMessageId: posted.id, channelId, at: this.clock.now() });
    return posted.id;
  }

  private async findRecent(channelId: string, same: SamePost): Promise<APIMessage | undefined> {
    const query = new URLSearchParams({ limit: '100' });
    const recent = (await this.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
    return recent.find(same);
  }

  private markPending(key: string, where: string): Promise<void> {
    return this.deliveries.record({
      key: deliveryKeys.pending(key),
      platformMessageId: '',
      channelId: where,
      at: this.clock.now(),
    });
  }

  /** Edits are idempotent: the headline always shows the incident as it stands now. */
  private async editHeadline(incident: Incident): Promise<void> {
    const headline = await this.deliveries.find(deliveryKeys.headline(incident.ref));
    if (!headline) return;
    await this.rest.patch(Routes.channelMessage(headline.channelId, headline.platformMessageId), {
      body: this.renderer.render(await this.incidents.headline(incident), {
        names: participantNames(incident),
      }),
    });
  }

  private async editAnnouncement(incident: Incident, where: IncidentChannel): Promise<void> {
    const announcement = await this.deliveries.find(deliveryKeys.announcement(incident.ref));
    if (!announcement) return;
    const url = discordChannelUrl(where.guildId, where.channelId);
    await this.rest.patch(Routes.channelMessage(announcement.channelId, announcement.platformMessageId), {
      body: this.renderer.render(this.incidents.announcement(incident, url), {
        names: participantNames(incident),
      }),
    });
  }

  private async echoUpdate(event: OutboxEvent, where: IncidentChannel): Promise<void> {
    const echo = echoOf(event, this.settings.statusPageUrl);
    if (!echo) return;
    const body = this.renderer.render(echo);
    const [embed] = body.embeds;
    await this.postOnce(
      deliveryKeys.event(event.position),
      where.channelId,
      body,
      titled(embed?.title, embed?.description),
    );
  }

  /** Reminders and notices: in the incident's channel, or in every set-up guild's incidents channel. */
  private async postNotice(event: OutboxEventOf<'chat.notice' | 'reminder.due'>): Promise<void> {
    const { message: notice, target } = event.payload;
    const incident = event.incidentRef ? await this.incidents.findIncident(event.incidentRef) : null;
    const body = this.renderer.render(notice, { names: participantNames(incident) });
    const [embed] = body.embeds;
    const same = titled(embed?.title, embed?.description);
    if (target.kind === 'incident') {
      const where = await this.channelOf(target.ref);
      if (where) await this.postOnce(deliveryKeys.event(event.position), where.channelId, body, same);
      return;
    }
    for (const workspace of await this.workspaces.list('discord')) {
      if (!workspace.incidentsChannelId || !noticeReaches(target, 'discord', workspace.incidentsChannelId))
        continue;
      const key = `${deliveryKeys.event(event.position)}:${workspace.workspaceId}`;
      await this.postOnce(key, workspace.incidentsChannelId, body, same);
    }
  }

  private async channelOf(ref: string): Promise<IncidentChannel | null> {
    const record = await this.deliveries.find(deliveryKeys.channel(ref));
    return record ? { guildId: record.platformMessageId, channelId: record.channelId } : null;
  }
}

/** The HTTP status Discord answered with; connection errors have none. */
function statusOf(error: unknown): number | null {
  return error instanceof DiscordAPIError ? error.status : null;
}
