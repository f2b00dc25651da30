/** Where Microsoft Graph and its token service are, and the bot's app credentials (client credentials flow). */
export interface GraphClientOptions {
  /** `https://graph.microsoft.com` (MICROSOFT_GRAPH_URL changes it for sovereign clouds and loopback tests). */
  readonly graphUrl: string;
  /** `https://login.microsoftonline.com` (MICROSOFT_GRAPH_LOGIN_URL). */
  readonly loginUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Tenant to ask for tokens when a team's own tenant is unknown (MICROSOFT_APP_TENANT_ID). */
  readonly defaultTenantId: string | null;
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

/** Calls Microsoft Graph v1.0 as the app itself, with an app-only token per tenant. */
export class TeamsGraphClient {
  private readonly tokens = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly options: GraphClientOptions) {}

  /** `https://graph.microsoft.com/v1.0/<path>`; `path` segments must already be encoded. */
  url(path: string): string {
    return `${this.options.graphUrl.replace(/\/$/, '')}/v1.0/${path}`;
  }

  async call(tenantId: string | null, url: string, init: RequestInit): Promise<Response> {
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
