/**
 * The slice of Microsoft Graph v1.0 that says who owns a team: `GET /teams/{group-id}/members`, alone or with
 * `$filter=(microsoft.graph.aadUserConversationMember/userId eq '<AAD object id>')`. Members come back as
 * `aadUserConversationMember` objects whose `roles` is `['owner']` for owners, `[]` for members and
 * `['guest']` for guests. As Graph answers: a team the app may not read (not installed there, or the
 * resource-specific permission `TeamMember.Read.Group` not consented) is 403 `Forbidden`, an unknown team 404
 * `NotFound`, another filter 400 `BadRequest`, a missing or wrong-audience token 401. Served by
 * FakeBotConnector under `/graph`, next to the channels of FakeGraphChannels.
 */
import { createHash } from 'node:crypto';
import type { GraphAnswer, GraphRequest } from './fake-graph-channels.js';
import { FakeGraphResource, graphError } from './fake-graph-channels.js';

export type TeamRole = 'owner' | 'guest';

export interface GraphTeamMember {
  /** AAD object id. */
  readonly userId: string;
  readonly displayName: string;
  readonly roles: readonly TeamRole[];
}

/** A team member from a Teams user fixture (`aadObjectId`, `name`). */
export function graphMember(
  user: { readonly aadObjectId: string; readonly name: string },
  roles: readonly TeamRole[] = [],
): GraphTeamMember {
  return { userId: user.aadObjectId, displayName: user.name, roles };
}

const USER_FILTER = /^\(?microsoft\.graph\.aadUserConversationMember\/userId eq '([^']*)'\)?$/;

export class FakeGraphTeamMembers extends FakeGraphResource {
  private readonly teams = new Map<string, { members: GraphTeamMember[]; tenantId: string }>();
  private readonly unreadable = new Set<string>();

  /** The team (by its Microsoft 365 group id) and everyone in it. */
  setMembers(groupId: string, members: readonly GraphTeamMember[], tenantId = 'fake-tenant'): void {
    this.teams.set(groupId, { members: [...members], tenantId });
    this.unreadable.delete(groupId);
  }

  /** From now on the app may not read this team's members (403), as without `TeamMember.Read.Group`. */
  forbid(groupId: string): void {
    this.unreadable.add(groupId);
  }

  protected answer({ method, segments, query }: GraphRequest): GraphAnswer {
    const [version, teams, groupId, members] = segments;
    if (version !== 'v1.0' || teams !== 'teams' || !groupId || members !== 'members' || segments.length !== 4)
      return graphError(400, 'BadRequest', `Resource not found for the segment '${segments.join('/')}'.`);
    if (method !== 'GET') return graphError(405, 'MethodNotAllowed', `${method} is not allowed here.`);
    if (this.unreadable.has(groupId))
      return graphError(
        403,
        'Forbidden',
        "Missing role permissions on the request. API requires one of 'TeamMember.Read.Group, " +
          "TeamMember.Read.All, TeamMember.ReadWrite.All'.",
      );
    const team = this.teams.get(groupId);
    if (!team) return graphError(404, 'NotFound', `No team found with Group Id ${groupId}`);
    const filter = query.get('$filter');
    const match = filter === null ? null : USER_FILTER.exec(filter);
    if (filter !== null && !match) return graphError(400, 'BadRequest', `Invalid filter clause: ${filter}`);
    const value = team.members
      .filter((member) => !match || member.userId === match[1])
      .map((member) => ({
        '@odata.type': '#microsoft.graph.aadUserConversationMember',
        id: membershipId(groupId, member.userId),
        roles: [...member.roles],
        displayName: member.displayName,
        visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
        userId: member.userId,
        email: `${member.displayName.toLowerCase().replace(/\W+/g, '.')}@contoso.example`,
        tenantId: team.tenantId,
      }));
    return {
      status: 200,
      body: {
        '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#teams('${groupId}')/members`,
        '@odata.count': value.length,
        value,
      },
    };
  }
}

/** Graph's membership ids are opaque base64 strings, stable per team and user. */
function membershipId(groupId: string, userId: string): string {
  return createHash('sha256').update(`${groupId}#${userId}`).digest('base64');
}
