import { GraphRequestError, type TeamsGraphClient } from './teams-graph-client.js';

/** An AAD object id; nothing else is put into a Graph filter. */
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads a team's membership through Microsoft Graph (`GET /teams/{group-id}/members`, which the app may call
 * for teams it is installed in with the resource-specific permission `TeamMember.Read.Group`).
 */
export class TeamsGraphMembers {
  constructor(private readonly graph: TeamsGraphClient) {}

  /** Whether the user (AAD object id) is an owner of the team (Microsoft 365 group id). */
  async isOwner(tenantId: string | null, teamGroupId: string, userId: string): Promise<boolean> {
    if (!OBJECT_ID.test(userId)) return false;
    const filter = `(microsoft.graph.aadUserConversationMember/userId eq '${userId}')`;
    const url = this.graph.url(
      `teams/${encodeURIComponent(teamGroupId)}/members?$filter=${encodeURIComponent(filter)}`,
    );
    const response = await this.graph.call(tenantId, url, { method: 'GET' });
    if (!response.ok) {
      const problem = (await response.text()).slice(0, 300);
      throw new GraphRequestError(
        `Graph could not list the team's members: ${response.status} ${problem}`,
        response.status,
      );
    }
    const { value = [] } = (await response.json()) as { value?: unknown[] };
    return value.some((member) => {
      const { userId: id, roles } = (member ?? {}) as { userId?: unknown; roles?: unknown };
      return id === userId && Array.isArray(roles) && roles.includes('owner');
    });
  }
}
