import type { ConversationReference } from 'botbuilder';
import { type ChatWorkspace, type ChatWorkspaceRepository, type Clock } from '@firebreak/incident';

/** What `setup` stores per team: enough to post proactively into the incidents channel after a restart. */
export interface TeamsWorkspaceSettings {
  readonly teamName: string | null;
  readonly tenantId: string | null;
  /** The team's Microsoft 365 group id, which Graph names teams by (absent in teams set up before it was kept). */
  readonly aadGroupId?: string | null;
  readonly serviceUrl: string;
  /** Reference to the incidents channel itself (conversation id without `;messageid=`). */
  readonly channelReference: Partial<ConversationReference>;
}

/** A set-up team, read back with its settings typed. */
export interface TeamsWorkspace {
  readonly teamId: string;
  readonly incidentsChannelId: string;
  readonly settings: TeamsWorkspaceSettings;
}

/** Teams' view of the ChatWorkspaceRepository: teams and their incidents channels. */
export class TeamsWorkspaces {
  constructor(
    private readonly repository: ChatWorkspaceRepository,
    private readonly clock: Clock,
    private readonly defaultTeamId: string | null,
  ) {}

  async setup(teamId: string, incidentsChannelId: string, settings: TeamsWorkspaceSettings): Promise<void> {
    await this.repository.save({
      platform: 'teams',
      workspaceId: teamId,
      incidentsChannelId,
      settings: JSON.parse(JSON.stringify(settings)) as Record<string, unknown>,
      updatedAt: this.clock.now(),
    });
  }

  /** Every team that has an incidents channel. */
  async all(): Promise<TeamsWorkspace[]> {
    return (await this.repository.list('teams')).map(typed).filter((each) => each !== null);
  }

  async find(teamId: string): Promise<TeamsWorkspace | null> {
    return typed(await this.repository.find('teams', teamId));
  }

  /**
   * Where an incident's thread goes: the team whose incidents channel it was declared in, else the default
   * team (MICROSOFT_TEAMS_DEFAULT_TEAM_ID, or the first team set up).
   */
  async forDeclaration(declaredInChannelId: string | null): Promise<TeamsWorkspace | null> {
    const all = (await this.repository.list('teams')).map(typed).filter((each) => each !== null);
    const channel = declaredInChannelId ? channelOf(declaredInChannelId) : null;
    return (
      all.find((each) => channel !== null && each.incidentsChannelId === channel) ??
      all.find((each) => each.teamId === this.defaultTeamId) ??
      all.sort((a, b) => a.teamId.localeCompare(b.teamId))[0] ??
      null
    );
  }

  /** The team owning a thread (`<channel>;messageid=<root>`), found through its incidents channel. */
  async forThread(threadId: string): Promise<TeamsWorkspace | null> {
    const channel = channelOf(threadId);
    const all = (await this.repository.list('teams')).map(typed).filter((each) => each !== null);
    return all.find((each) => each.incidentsChannelId === channel) ?? null;
  }
}

/** Teams deep link to a channel message, or to a reply in a thread when `parentMessageId` is given. */
export function teamsMessageLink(
  conversationId: string,
  messageId: string,
  where: { groupId?: string | null; tenantId?: string | null; parentMessageId?: string | null },
): string {
  const query = new URLSearchParams();
  if (where.groupId) query.set('groupId', where.groupId);
  if (where.tenantId) query.set('tenantId', where.tenantId);
  if (where.parentMessageId) query.set('parentMessageId', where.parentMessageId);
  const channel = encodeURIComponent(channelOf(conversationId));
  return `https://teams.microsoft.com/l/message/${channel}/${messageId}?${query.toString()}`;
}

/** The channel part of a Teams conversation id: a thread's id is `<channel id>;messageid=<root message id>`. */
export function channelOf(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/** The root message id of a thread conversation, or null for a plain channel/chat id. */
export function threadRootOf(conversationId: string): string | null {
  return /;messageid=([^;]+)/.exec(conversationId)?.[1] ?? null;
}

function typed(workspace: ChatWorkspace | null): TeamsWorkspace | null {
  if (!workspace || !workspace.incidentsChannelId) return null;
  const settings = workspace.settings as unknown as TeamsWorkspaceSettings;
  if (!settings.serviceUrl || !settings.channelReference) return null;
  return { teamId: workspace.workspaceId, incidentsChannelId: workspace.incidentsChannelId, settings };
}
