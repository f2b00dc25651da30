import { GraphRequestError, type TeamsGraphClient } from './teams-graph-client.js';

/** A standard channel of a team, as Graph returns it. */
export interface GraphChannel {
  readonly id: string;
  readonly displayName: string;
  readonly webUrl: string | null;
}

/**
 * Creates a team channel per incident through Microsoft Graph (application permission `Channel.Create`, granted
 * by the tenant's admin). Creating is idempotent by name: when a retry finds the channel a crashed attempt
 * created, it is reused rather than failing or creating a second one.
 */
export class TeamsGraphChannels {
  constructor(private readonly graph: TeamsGraphClient) {}

  async createChannel(
    tenantId: string | null,
    teamGroupId: string,
    displayName: string,
    description: string,
  ): Promise<GraphChannel> {
    const url = this.channelsUrl(teamGroupId);
    const body = JSON.stringify({ displayName, description, membershipType: 'standard' });
    const response = await this.graph.call(tenantId, url, { method: 'POST', body });
    if (response.ok) return channelFrom(await response.json());
    const problem = await response.text();
    if (isNameTaken(response.status, problem)) {
      const existing = await this.findChannel(tenantId, teamGroupId, displayName);
      if (existing) return existing;
    }
    throw new GraphRequestError(
      `Graph refused to create channel "${displayName}": ${response.status} ${problem.slice(0, 300)}`,
      response.status,
    );
  }

  /**
   * Archives a channel (`POST /teams/{id}/channels/{id}/archive`): it leaves the team's active list and becomes
   * read-only. Graph answers 202 and finishes on its own; archiving an archived channel changes nothing.
   */
  archive(tenantId: string | null, teamGroupId: string, channelId: string): Promise<void> {
    return this.channelAction(tenantId, teamGroupId, channelId, 'archive');
  }

  /** Undoes `archive` (`POST /teams/{id}/channels/{id}/unarchive`). */
  unarchive(tenantId: string | null, teamGroupId: string, channelId: string): Promise<void> {
    return this.channelAction(tenantId, teamGroupId, channelId, 'unarchive');
  }

  /** How many channels the team has (what counts against Teams' limit of channels per team). */
  async count(tenantId: string | null, teamGroupId: string): Promise<number> {
    const response = await this.graph.call(tenantId, this.channelsUrl(teamGroupId), { method: 'GET' });
    if (!response.ok)
      throw new GraphRequestError(`Graph could not list channels: ${response.status}`, response.status);
    const { value = [] } = (await response.json()) as { value?: unknown[] };
    return value.length;
  }

  private async channelAction(
    tenantId: string | null,
    teamGroupId: string,
    channelId: string,
    action: 'archive' | 'unarchive',
  ): Promise<void> {
    const url = `${this.channelsUrl(teamGroupId)}/${encodeURIComponent(channelId)}/${action}`;
    const response = await this.graph.call(tenantId, url, { method: 'POST', body: '{}' });
    if (response.ok) return;
    const problem = (await response.text()).slice(0, 300);
    throw new GraphRequestError(
      `Graph refused to ${action} the channel: ${response.status} ${problem}`,
      response.status,
    );
  }

  private async findChannel(
    tenantId: string | null,
    teamGroupId: string,
    displayName: string,
  ): Promise<GraphChannel | null> {
    const filter = `displayName eq '${displayName.replace(/'/g, "''")}'`;
    const url = `${this.channelsUrl(teamGroupId)}?$filter=${encodeURIComponent(filter)}`;
    const response = await this.graph.call(tenantId, url, { method: 'GET' });
    if (!response.ok) {
      throw new GraphRequestError(`Graph could not list channels: ${response.status}`, response.status);
    }
    const { value = [] } = (await response.json()) as { value?: unknown[] };
    const match = value.map(channelFrom).find((channel) => channel.displayName === displayName);
    return match ?? null;
  }

  private channelsUrl(teamGroupId: string): string {
    return this.graph.url(`teams/${encodeURIComponent(teamGroupId)}/channels`);
  }
}

/** Graph answers a duplicate channel name with 400 or 409 and the `NameAlreadyExists` code. */
function isNameTaken(status: number, body: string): boolean {
  return (status === 400 || status === 409) && /NameAlreadyExists|already exist/i.test(body);
}

function channelFrom(value: unknown): GraphChannel {
  const channel = value as { id?: unknown; displayName?: unknown; webUrl?: unknown };
  if (typeof channel.id !== 'string' || typeof channel.displayName !== 'string') {
    throw new GraphRequestError('Graph answered a channel without id or displayName.', 502);
  }
  return {
    id: channel.id,
    displayName: channel.displayName,
    webUrl: typeof channel.webUrl === 'string' ? channel.webUrl : null,
  };
}
