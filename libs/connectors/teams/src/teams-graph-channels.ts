/** Where Microsoft Graph and its token service are, and the bot's app credentials (client credentials flow). */
export interface GraphChannelOptions {
  /** `https://graph.microsoft.com` (MICROSOFT_GRAPH_URL changes it for sovereign clouds and loopback tests). */
  readonly graphUrl: string;
  /** `https://login.microsoftonline.com` (MICROSOFT_GRAPH_LOGIN_URL). */
  readonly loginUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Tenant to ask for tokens when a team's own tenant is unknown (MICROSOFT_APP_TENANT_ID). */
  readonly defaultTenantId: string | null;
}

/** A standard channel of a team, as Graph returns it. */
export interface GraphChannel {
  readonly id: string;
  readonly displayName: string;
  readonly webUrl: string | null;
}

/** Graph answered something other than what was asked; the outbox retries the delivery later. */
export class GraphRequestError extends Error {
  override name = 'GraphRequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const REQUEST_TIMEOUT_MS = 10_000;
/** Tokens are renewed this long before they expire, so a slow request never carries an expired one. */
const TOKEN_RENEWAL_MARGIN_MS = 60_000;

/**
 * Creates a team channel per incident through Microsoft Graph (application permission `Channel.Create`, granted
 * by the tenant's admin). Creating is idempotent by name: when a retry finds the channel a crashed attempt
 * created, it is reused rather than failing or creating a second one.
 */
export class TeamsGraphChannels {
  private readonly tokens = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly options: GraphChannelOptions) {}

  async createChannel(
    tenantId: string | null,
    teamGroupId: string,
    displayName: string,
    description: string,
  ): Promise<GraphChannel> {
    const url = `${this.channelsUrl(teamGroupId)}`;
    const body = JSON.stringify({ displayName, description, membershipType: 'standard' });
    const response = await this.call(tenantId, url, { method: 'POST', body });
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
    const response = await this.call(tenantId, url, { method: 'GET' });
    if (!response.ok) {
      throw new GraphRequestError(`Graph could not list channels: ${response.status}`, response.status);
    }
    const { value = [] } = (await response.json()) as { value?: unknown[] };
    const match = value.map(channelFrom).find((channel) => channel.displayName === displayName);
    return match ?? null;
  }

  private channelsUrl(teamGroupId: string): string {
    return `${this.options.graphUrl.replace(/\/$/, '')}/v1.0/teams/${encodeURIComponent(teamGroupId)}/channels`;
  }

  private async call(tenantId: string | null, url: string, init: RequestInit): Promise<Response> {
    const token = await this.token(tenantId);
    return fetch(url, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  }

  /** An app-only token for the team's tenant (client credentials), cached until shortly before it expires. */
  private async token(teamTenantId: string | null): Promise<string> {
    const tenant = teamTenantId ?? this.options.defaultTenantId;
    // A configuration problem, not an outage: 400 makes the delivery fall back to a thread instead of retrying.
    if (!tenant) throw new GraphRequestError('The team has no tenant id to ask Graph tokens for.', 400);
    const cached = this.tokens.get(tenant);
    if (cached && cached.expiresAt > Date.now()) return cached.value;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      scope: `${this.options.graphUrl.replace(/\/$/, '')}/.default`,
    });
    const url = `${this.options.loginUrl.replace(/\/$/, '')}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
    const response = await fetch(url, {
      method: 'POST',
      body: form,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      const problem = (await response.text()).slice(0, 300);
      throw new GraphRequestError(
        `No Graph token for tenant ${tenant}: ${response.status} ${problem}`,
        response.status,
      );
    }
    const { access_token: value, expires_in: expiresIn } = (await response.json()) as {
      access_token: string;
      expires_in: number;
    };
    this.tokens.set(tenant, { value, expiresAt: Date.now() + expiresIn * 1000 - TOKEN_RENEWAL_MARGIN_MS });
    return value;
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
