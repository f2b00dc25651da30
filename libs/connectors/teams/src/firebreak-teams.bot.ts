import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type TaskModuleRequest,
  type TaskModuleResponse,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import { ChatCommands, incidentsChannelChosen } from '@firebreak/chat';
import {
  type Command,
  type CommandContext,
  type Incident,
  IncidentError,
  IncidentService,
  type NeutralMessage,
  participant,
  type PinnedMessage,
  type WorkspaceStanding,
} from '@firebreak/incident';
import {
  TeamsCardRenderer,
  buttonDataOf,
  type CardActionData,
  markdownOf,
  namesIn,
  typedTextOf,
} from './teams-card.renderer.js';
import { declareFormCard, declarePromptActivity, DECLARE_FORM_INTENT } from './declare-form.js';
import { commandTextOf, commandWordOf, plainText, type TeamsMention } from './teams-command-text.js';
import { messageLink, RecentThreadMessages } from './recent-thread-messages.js';
import type { TeamsStanding } from './teams-standing.js';
import { channelOf, TeamsWorkspaces, threadRootOf } from './teams-workspaces.js';

/** `commandId` of the message action "Add to incident timeline" (also in the app manifest). */
export const ADD_TO_TIMELINE_COMMAND = 'addToIncidentTimeline';

export interface BotLogger {
  error(message: string, error?: unknown): void;
}

/**
 * Translates Teams activities into commands of the command language and renders the answers.
 * It decides nothing about incidents: every decision is the domain's.
 */
export class FirebreakTeamsBot extends TeamsActivityHandler {
  private readonly renderer = new TeamsCardRenderer();
  private readonly recentMessages = new RecentThreadMessages();
  private readonly chat: ChatCommands;
  /** The incident space each activity in flight belongs to (see `run`). */
  private readonly spaces = new WeakMap<Activity, string>();

  constructor(
    private readonly incidents: IncidentService,
    private readonly workspaces: TeamsWorkspaces,
    private readonly standing: TeamsStanding,
    private readonly logger: BotLogger,
  ) {
    super();
    this.chat = new ChatCommands(incidents, (errorId, error) =>
      this.logger.error(`Teams command failed (error id ${errorId})`, error),
    );
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onReactionsAdded(async (context, next) => {
      await this.handleReaction(context);
      await next();
    });
  }

  /**
   * Resolves which incident space an activity comes from before handling it: an incident thread is its own
   * space, and every thread of an incident's own channel (MICROSOFT_TEAMS_INCIDENT_SPACE=channel) belongs to
   * that channel, so commands there act on the incident without naming it.
   */
  override async run(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const conversationId = activity?.conversation?.id;
    // Overheard channel chatter (remembered for reactions, never run) needs no incident lookup.
    const overheard = activity?.type === 'message' && !addressesTheBot(activity);
    if (conversationId && !overheard) this.spaces.set(activity, await this.spaceOf(conversationId));
    await super.run(context);
  }

  private async spaceOf(conversationId: string): Promise<string> {
    if (!threadRootOf(conversationId)) return conversationId;
    if (await this.incidents.findIncidentBySpace('teams', conversationId)) return conversationId;
    const channel = channelOf(conversationId);
    return (await this.incidents.findIncidentBySpace('teams', channel)) ? channel : conversationId;
  }

  private spaceOfActivity(activity: Activity): string {
    return this.spaces.get(activity) ?? activity.conversation.id;
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!addressesTheBot(activity)) {
      // A channel conversation the bot only overhears: remember it for reactions, never run it as a command.
      this.recentMessages.remember(activity);
      return;
    }
    const { text, mentioned } = commandTextOf(
      activity.text ?? '',
      mentionsIn(activity),
      activity.recipient.id,
      await this.memberIds(context),
    );
    const { word, rest } = commandWordOf(text);
    if (word === 'setup') {
      await this.reply(context, await this.setup(context));
      return;
    }
    if (word === 'declare' && rest === '') {
      await context.sendActivity(declarePromptActivity());
      return;
    }
    const outcome = await this.chat.typed(text, this.commandContext(activity, mentioned));
    await this.reply(context, outcome.message, outcome.incident, mentioned);
  }

  /** Universal Actions (`Action.Execute`): the verb is the button's intent, answered with the fresh card. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const data = (value.action.data ?? {}) as CardActionData;
    const outcome = await this.chat.pressed(
      buttonDataOf(data, value.action.verb),
      typedTextOf(data),
      this.commandContext(context.activity),
    );
    // A question with buttons of its own (hand the role over? cancel the scheduled update?) is posted where the
    // card is: the invoke's answer only refreshes the card that was pressed.
    if (!outcome.failed && outcome.message.buttons.length > 0)
      await this.reply(context, outcome.message, outcome.incident);
    if (outcome.failed || !outcome.incident) {
      return {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: markdownOf(outcome.message) as unknown as AdaptiveCardInvokeResponse['value'],
      };
    }
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: this.renderer.card(
        await this.incidents.headline(outcome.incident),
        namesIn(outcome.incident),
      ) as never,
    };
  }

  protected override async handleTeamsTaskModuleFetch(
    _context: TurnContext,
    _request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    return {
      task: {
        type: 'continue',
        value: {
          title: 'Declare an incident',
          height: 'medium',
          width: 'medium',
          card: CardFactory.adaptiveCard(declareFormCard()),
        },
      },
    };
  }

  protected override async handleTeamsTaskModuleSubmit(
    context: TurnContext,
    request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    const data = (request.data ?? {}) as Record<string, unknown>;
    const outcome =
      data['intent'] !== undefined && data['intent'] !== DECLARE_FORM_INTENT
        ? await this.chat.typed('help', this.commandContext(context.activity))
        : await this.chat.declared(data, this.commandContext(context.activity));
    return { task: { type: 'message', value: markdownOf(outcome.message) } };
  }

  /** "Add to incident timeline" on a message: the message as it stands enters the timeline. */
  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const asker = this.commandContext(context.activity);
    const outcome =
      action.commandId !== ADD_TO_TIMELINE_COMMAND || !action.messagePayload
        ? await this.chat.typed('help', asker)
        : await this.chat.command(pinCommandOf(action), asker);
    return { task: { type: 'message', value: markdownOf(outcome.message) } };
  }

  /**
   * A reaction on a message in an incident's thread adds that message to the timeline. The Bot Connector
   * cannot fetch a message's text, so what is known (id, thread, who reacted) is recorded.
   */
  private async handleReaction(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const messageId = activity.replyToId;
    if (!messageId || messageId === threadRootOf(activity.conversation.id)) return;
    const incident = await this.incidents.findIncidentBySpace('teams', this.spaceOfActivity(activity));
    if (!incident) return;
    const reactions = (activity.reactionsAdded ?? []).map((each) => each.type).join(', ');
    const pinned: PinnedMessage = this.recentMessages.find(activity.conversation.id, messageId) ?? {
      platform: 'teams',
      messageId,
      link: messageLink(activity, messageId),
      author: participant('teams:unknown', 'a Teams user'),
      text: `(message ${messageId} marked with ${reactions || 'a reaction'}; its text is not available to the bot)`,
      postedAt: null,
    };
    const outcome = await this.chat.command(
      { kind: 'pin', ref: incident.ref, message: pinned },
      // One timeline entry per message, however many people react or how often Teams redelivers.
      {
        ...this.commandContext(activity),
        idempotencyKey: `teams:reaction:${activity.conversation.id}:${messageId}`,
      },
    );
    if (outcome.failed) await this.reply(context, outcome.message);
  }

  /** `setup` in a channel: this channel becomes the team's incidents channel (administrators only). */
  private setup(context: TurnContext): Promise<NeutralMessage> {
    const activity = context.activity;
    return this.chat.setUp(
      () => this.standingInTeamChannel(activity),
      () => this.saveIncidentsChannel(activity),
    );
  }

  private standingInTeamChannel(activity: Activity): Promise<WorkspaceStanding> {
    const teamId = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    if (!teamId || activity.conversation.conversationType !== 'channel')
      throw IncidentError.invalid(
        'channel',
        'Run `setup` in the team channel where incidents should be announced.',
      );
    return this.standing.of(activity);
  }

  private async saveIncidentsChannel(activity: Activity): Promise<NeutralMessage> {
    const channelData = (activity.channelData ?? {}) as {
      team: { id: string; name?: string; aadGroupId?: string };
      channel?: { id?: string; name?: string };
      tenant?: { id?: string };
    };
    const channelId = channelData.channel?.id ?? channelOf(activity.conversation.id);
    const tenantId = channelData.tenant?.id ?? activity.conversation.tenantId ?? null;
    const reference = TurnContext.getConversationReference(activity);
    await this.workspaces.setup(channelData.team.id, channelId, {
      teamName: channelData.team.name ?? null,
      tenantId,
      aadGroupId: channelData.team.aadGroupId ?? null,
      serviceUrl: activity.serviceUrl,
      channelReference: {
        ...reference,
        activityId: undefined,
        conversation: {
          id: channelId,
          isGroup: true,
          conversationType: 'channel',
          tenantId: tenantId ?? undefined,
          name: channelData.channel?.name ?? '',
        },
      },
    });
    const where = channelData.channel?.name ? `**${channelData.channel.name}**` : 'This channel';
    return incidentsChannelChosen(where, ['Each new incident gets its own thread here.']);
  }

  private commandContext(activity: Activity, mentioned: Record<string, string> = {}): CommandContext {
    const actorId = `teams:${activity.from.aadObjectId ?? activity.from.id}`;
    return {
      actor: participant(actorId, activity.from.name),
      location: { platform: 'teams', channelId: this.spaceOfActivity(activity) },
      idempotencyKey: `teams:activity:${activity.id}`,
      // Only configured administrators hold overrides on Teams: a team owner's standing takes a Graph round
      // trip, paid for `setup` alone rather than for every command.
      privileged: this.standing.isConfiguredAdministrator(activity),
      mentioned,
    };
  }

  private async reply(
    context: TurnContext,
    answer: NeutralMessage,
    incident: Incident | null = null,
    mentioned: Record<string, string> = {},
  ): Promise<void> {
    await context.sendActivity(
      this.renderer.render(answer, { ...mentioned, ...namesIn(incident) }) as Partial<Activity>,
    );
  }

  /** Maps mentioned users' Bot Framework ids to AAD object ids (a roster lookup per mention). */
  private async memberIds(context: TurnContext): Promise<(userId: string) => string> {
    const others = mentionsIn(context.activity).filter(
      (mention) => mention.mentioned.id !== context.activity.recipient.id,
    );
    const ids = new Map<string, string>();
    await Promise.all(
      others.map(async (mention) => {
        try {
          const member = await TeamsInfo.getMember(context, mention.mentioned.id);
          if (member.aadObjectId) ids.set(mention.mentioned.id, member.aadObjectId);
        } catch {
          // Not resolvable (e.g. a guest or the Emulator): the Bot Framework id still names the person.
        }
      }),
    );
    return (userId) => ids.get(userId) ?? userId;
  }
}

/** Personal chats always talk to the bot; in channels and group chats only messages that @mention it do. */
function addressesTheBot(activity: Activity): boolean {
  const type = activity.conversation.conversationType;
  if (type !== 'channel' && type !== 'groupChat') return true;
  return mentionsIn(activity).some((mention) => mention.mentioned.id === activity.recipient.id);
}

function mentionsIn(activity: Activity): TeamsMention[] {
  return (activity.entities ?? [])
    .filter((entity) => entity.type === 'mention' && entity['mentioned'])
    .map((entity) => ({
      mentioned: entity['mentioned'] as { id: string; name?: string },
      text: entity['text'] as string | undefined,
    }));
}

/** "Add to incident timeline": the message as it stands, into the timeline of the incident the action names. */
function pinCommandOf(action: MessagingExtensionAction): Command {
  const payload = action.messagePayload!;
  const user = payload.from?.user;
  const pinned: PinnedMessage = {
    platform: 'teams',
    messageId: payload.id ?? '',
    link: payload.linkToMessage ?? null,
    author: participant(
      `teams:${user?.id ?? 'unknown'}`,
      user?.displayName ?? payload.from?.application?.displayName ?? undefined,
    ),
    text: plainText(payload.body?.content ?? ''),
    postedAt: payload.createdDateTime ? new Date(payload.createdDateTime) : null,
  };
  const data = (action.data ?? {}) as Record<string, unknown>;
  const ref = typeof data['ref'] === 'string' && data['ref'] ? data['ref'] : null;
  return { kind: 'pin', ref, message: pinned };
}
