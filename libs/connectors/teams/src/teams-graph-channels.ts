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
