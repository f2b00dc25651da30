import type { Activity } from 'botbuilder';
import type { WorkspaceStanding } from '@firebreak/incident';
import type { TeamsGraphMembers } from './teams-graph-members.js';

export interface StandingLogger {
  warn(message: string): void;
}

/**
 * What Teams says about the person behind an activity, for the domain's rules over `WorkspaceStanding`:
 * MICROSOFT_TEAMS_ADMIN_USER_IDS names configured administrators, and the team's owners (read through Graph
 * when the app has credentials) administer their team. A Graph failure counts as "not an owner": refusing
 * an owner until Graph answers is safe, letting a member through is not.
 */
export class TeamsStanding {
  constructor(
    private readonly administrators: ReadonlySet<string>,
    private readonly members: TeamsGraphMembers | null,
    private readonly logger: StandingLogger,
  ) {}

  /** On the configured list, by AAD object id (the Emulator sends none: then its user id). */
  isConfiguredAdministrator(activity: Activity): boolean {
    return this.administrators.has(activity.from.aadObjectId ?? activity.from.id);
  }

  /** The actor's standing in the team the activity comes from (no team, e.g. a personal chat: none). */
  async of(activity: Activity): Promise<WorkspaceStanding> {
    return {
      ownerOrAdministrator: await this.ownsTheTeam(activity),
      configuredAdministrator: this.isConfiguredAdministrator(activity),
    };
  }

  private async ownsTheTeam(activity: Activity): Promise<boolean> {
    const channelData = (activity.channelData ?? {}) as {
      team?: { aadGroupId?: string };
      tenant?: { id?: string };
    };
    const teamGroupId = channelData.team?.aadGroupId;
    const userId = activity.from.aadObjectId;
    if (!this.members || !teamGroupId || !userId) return false;
    const tenantId = channelData.tenant?.id ?? activity.conversation.tenantId ?? null;
    try {
      return await this.members.isOwner(tenantId, teamGroupId, userId);
    } catch (error) {
      this.logger.warn(
        `Could not read the owners of team ${teamGroupId} through Graph (grant the app TeamMember.Read.Group): ` +
          `${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  }
}
