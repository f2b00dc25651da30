import { DiscordAPIError, MessageType, Routes, type APIMessage, type REST } from 'discord.js';
import { Logger } from '@nestjs/common';
import {
  IncidentError,
  IncidentService,
  type CommandContext,
  type Incident,
  type Participant,
  type PinnedMessage,
} from '@firebreak/incident';
import { discordParticipantId, displayNameOf } from './discord-command-translator.js';
import { discordChannelUrl } from './discord-delivery.consumer.js';

/** Discord's pins list (GET /channels/:id/messages/pins). */
interface PinsPage {
  items: { pinned_at: string; message: APIMessage }[];
  has_more: boolean;
}

const PIN_EMOJI = '📌';
/**
 * Waits before syncing a channel's pins again after Discord failed us (discord.js has already retried a few
 * times by then): a pin made during an outage enters the timeline once Discord answers again.
 */
const PIN_SYNC_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000, 600_000];
/** Incidents whose channels take pins: all but closed ones. */
const PINNABLE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

/** How far back the "pinned a message" notices are looked for; pins arrive seconds after the notice. */
const PIN_NOTICE_WINDOW = 50;

/**
 * Pins and 📌 reactions in an incident channel become timeline entries. CHANNEL_PINS_UPDATE says only that
 * something changed, so the pins are fetched and compared with what the timeline already records.
 */
export class DiscordTimelineCapture {
  private readonly logger = new Logger('DiscordTimeline');
  /** Pending retries, cleared on shutdown so none fires against a closed database. */
  private readonly retries = new Set<NodeJS.Timeout>();
  /** One capture at a time per channel, so two quick pins are diffed against each other's result. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly rest: REST,
    private readonly incidents: IncidentService,
    private readonly retryDelaysMs: readonly number[] = PIN_SYNC_RETRY_DELAYS_MS,
  ) {}

  pinsChanged(guildId: string | undefined, channelId: string, attempt = 0): Promise<void> {
    return this.serialise(channelId, async () => {
      try {
        await this.syncPins(guildId, channelId);
      } catch (error) {
        const delay = this.retryDelaysMs[attempt];
        if (error instanceof IncidentError || isRefusedForGood(error) || delay === undefined) throw error;
        this.logger.warn(`Pins of ${channelId} not synced (${String(error)}); trying again in ${delay} ms.`);
        const retry = setTimeout(() => {
          this.retries.delete(retry);
          void this.pinsChanged(guildId, channelId, attempt + 1);
        }, delay);
        retry.unref();
        this.retries.add(retry);
      }
    });
  }

  /**
   * When a guild (re)appears on the gateway connection, e.g. after the gateway process was down: pins made
   * meanwhile in its incident channels are compared with the timeline and recorded, as if just pinned.
   */
  async catchUp(guildId: string): Promise<void> {
    const incidents = await this.incidents.listIncidents({ statuses: PINNABLE_STATUSES });
    const channels = incidents.flatMap((incident) =>
      incident.spaces.filter(
        (space) => space.platform === 'discord' && space.url?.includes(`/channels/${guildId}/`),
      ),
    );
    // One channel after another: a guild with many open incidents should not burst Discord's rate limits.
    for (const space of channels) await this.pinsChanged(guildId, space.channelId);
  }

  stop(): void {
    for (const retry of this.retries) clearTimeout(retry);
    this.retries.clear();
  }

  reactionAdded(event: {
    guildId: string | undefined;
    channelId: string;
    messageId: string;
    userId: string;
    userName: string | null;
    emoji: string | null;
  }): Promise<void> {
    if (event.emoji !== PIN_EMOJI) return Promise.resolve();
    return this.serialise(event.channelId, async () => {
      const incident = await this.incidents.findIncidentBySpace('discord', event.channelId);
      if (!incident) return;
      if ((await this.pinnedNow(incident.ref)).has(event.messageId)) return;
      const posted = (await this.rest.get(
        Routes.channelMessage(event.channelId, event.messageId),
      )) as APIMessage;
      const actor = { id: discordParticipantId(event.userId), displayName: event.userName ?? event.userId };
      await this.incidents.execute(
        { kind: 'pin', ref: incident.ref, message: pinnedMessage(event.guildId, posted) },
        this.contextFor(event.channelId, actor, `discord:reaction-pin:${event.messageId}`),
      );
    });
  }

  private async syncPins(guildId: string | undefined, channelId: string): Promise<void> {
    const incident = await this.incidents.findIncidentBySpace('discord', channelId);
    if (!incident) return;
    const pins = await this.fetchPins(channelId);
    const recorded = await this.pinnedNow(incident.ref);
    const added = [...pins.values()].filter((pin) => !recorded.has(pin.message.id));
    const pinners = added.length ? await this.pinnersOf(channelId) : new Map<string, Participant>();
    for (const pin of added) {
      const pinned = pinnedMessage(guildId, pin.message);
      await this.incidents.execute(
        { kind: 'pin', ref: incident.ref, message: pinned },
        this.contextFor(
          channelId,
          pinners.get(pin.message.id) ?? pinned.author,
          `discord:pin:${pin.message.id}:${pin.pinned_at}`,
        ),
      );
    }
    for (const [messageId, entry] of recorded) {
      if (pins.has(messageId)) continue;
      await this.incidents.execute(
        { kind: 'unpin', ref: incident.ref, message: entry.message },
        this.contextFor(channelId, entry.message.author, `discord:unpin:${messageId}:${entry.entryId}`),
      );
    }
  }

  /**
   * Who pinned what, from the "X pinned a message" notices Discord posts in the channel (the pins event does
   * not say). Without them (history unreadable, notice deleted or scrolled away) the message author stands in.
   */
  private async pinnersOf(channelId: string): Promise<Map<string, Participant>> {
    const pinners = new Map<string, Participant>();
    try {
      const query = new URLSearchParams({ limit: String(PIN_NOTICE_WINDOW) });
      const recent = (await this.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
      for (const notice of recent) {
        const pinnedId = notice.message_reference?.message_id;
        if (notice.type !== MessageType.ChannelPinnedMessage || !pinnedId || pinners.has(pinnedId)) continue;
        pinners.set(pinnedId, {
          id: discordParticipantId(notice.author.id),
          displayName: displayNameOf(notice.author),
        });
      }
    } catch (error) {
      this.logger.warn(`Who pinned in ${channelId} is unknown (${String(error)}); the authors stand in.`);
    }
    return pinners;
  }

  /** Messages whose last timeline entry is a pin, with that entry. */
  private async pinnedNow(
    ref: Incident['ref'],
  ): Promise<Map<string, { entryId: number; message: PinnedMessage }>> {
    const pinned = new Map<string, { entryId: number; message: PinnedMessage }>();
    for (const entry of await this.incidents.timeline(ref)) {
      if (!entry.message || entry.message.platform !== 'discord') continue;
      if (entry.kind === 'message_pinned')
        pinned.set(entry.message.messageId, { entryId: entry.id, message: entry.message });
      if (entry.kind === 'message_unpinned') pinned.delete(entry.message.messageId);
    }
    return pinned;
  }

  private async fetchPins(channelId: string): Promise<Map<string, PinsPage['items'][number]>> {
    const pins = new Map<string, PinsPage['items'][number]>();
    let before: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ limit: '50', ...(before ? { before } : {}) });
      const page = (await this.rest.get(Routes.channelMessagesPins(channelId), { query })) as PinsPage;
      for (const item of page.items) pins.set(item.message.id, item);
      if (!page.has_more || page.items.length === 0) return pins;
      before = page.items.at(-1)!.pinned_at;
    }
  }

  private contextFor(
    channelId: string,
    actor: CommandContext['actor'],
    idempotencyKey: string,
  ): CommandContext {
    return { actor, location: { platform: 'discord', channelId }, idempotencyKey };
  }

  private serialise(channelId: string, work: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(channelId) ?? Promise.resolve()).then(work).catch((error: unknown) => {
      // A refusal (e.g. the incident is closed) is expected; nobody asked, so there is nobody to answer.
      if (error instanceof IncidentError)
        this.logger.warn(`Pin in ${channelId} not recorded: ${error.message}`);
      else this.logger.error(`Timeline capture in ${channelId} failed: ${String(error)}`);
    });
    this.queues.set(channelId, next);
    void next.finally(() => {
      if (this.queues.get(channelId) === next) this.queues.delete(channelId);
    });
    return next;
  }
}

function pinnedMessage(guildId: string | undefined, posted: APIMessage): PinnedMessage {
  return {
    platform: 'discord',
    messageId: posted.id,
    link: guildId ? discordChannelUrl(guildId, posted.channel_id, posted.id) : null,
    author: { id: discordParticipantId(posted.author.id), displayName: displayNameOf(posted.author) },
    text: posted.content,
    postedAt: posted.timestamp ? new Date(posted.timestamp) : null,
  };
}

/** A channel Discord no longer shows the bot (deleted, access removed) answers the same to every retry. */
function isRefusedForGood(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.status === 403 || error.status === 404);
}
