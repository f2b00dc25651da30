import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import {
  closed,
  entraLikeConfiguration,
  listeningOnLoopback,
  type EntraAccount,
} from './local-openid-provider.js';

export const MICROSOFT_LOGIN = 'https://login.microsoftonline.com';
const ORGANIZATIONS_DISCOVERY = '/organizations/v2.0/.well-known/openid-configuration';

export interface LocalEntraCloudOptions {
  redirectUris: string[];
  /** Each tenant's accounts, by tenant id. An account's `tid` may differ from its tenant: a forged claim. */
  tenants: Record<string, EntraAccount[]>;
}

/**
 * Microsoft's login service as Entra ID shapes it, on loopback: one oidc-provider per tenant, each with the
 * issuer `https://login.microsoftonline.com/<tenant id>/v2.0` and mounted at that path, and the
 * multi-tenant `organizations` discovery document whose issuer is the template
 * `https://login.microsoftonline.com/{tenantid}/v2.0`. `fetch` sends requests for Microsoft's URLs here (as
 * a proxy would, with X-Forwarded-Host and -Proto), so openid-client sees Microsoft's own origin and applies
 * its Entra issuer check. What `organizations` stands for is the tenant `signInAt` names: the person's home
 * tenant, which the real service finds from the account picked.
 */
export class LocalEntraCloud {
  readonly clientId = randomBytes(16).toString('hex');
  readonly clientSecret = randomBytes(24).toString('base64url');
  private readonly providers = new Map<string, Provider>();
  private homeTenant: string;

  private constructor(
    private readonly server: Server,
    options: LocalEntraCloudOptions,
  ) {
    for (const [tenant, accounts] of Object.entries(options.tenants)) {
      const settings = { ...options, accounts, clientId: this.clientId, clientSecret: this.clientSecret };
      const provider = new Provider(
        `${MICROSOFT_LOGIN}/${tenant}/v2.0`,
        entraLikeConfiguration(settings, { seconds: 60 }),
      );
      // Behind "a proxy": URLs it writes use the forwarded host and scheme, Microsoft's.
      provider.proxy = true;
      provider.use(withoutIssuerParameter(options.redirectUris));
      this.providers.set(tenant, provider);
    }
    this.homeTenant = Object.keys(options.tenants)[0];
    server.on('request', (request, response) => void this.route(request, response));
  }

  static async start(options: LocalEntraCloudOptions): Promise<LocalEntraCloud> {
    return new LocalEntraCloud(await listeningOnLoopback(), options);
  }

  /** From now on `organizations` discovers this tenant's endpoints (the person's home tenant). */
  signInAt(tenant: string): void {
    this.homeTenant = tenant;
  }

  /** A fetch that reaches this cloud for Microsoft's login URLs and the network for anything else. */
  readonly fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.origin !== MICROSOFT_LOGIN) return fetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set('x-forwarded-host', url.host);
    headers.set('x-forwarded-proto', 'https');
    return fetch(new URL(`${url.pathname}${url.search}`, this.origin), { ...init, headers });
  };

  stop(): Promise<void> {
    return closed(this.server);
  }

  private get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url ?? '/';
    if (path === ORGANIZATIONS_DISCOVERY) return this.organizationsDiscovery(response);
    const [, tenant = '', version, ...rest] = path.split('/');
    const provider = this.providers.get(tenant);
    if (!provider || version !== 'v2.0') {
      response.writeHead(404).end();
      return;
    }
    // Mounted like Express mounts an app: the provider sees the path below its issuer's.
    Object.assign(request, { originalUrl: path, url: `/${rest.join('/')}` });
    await provider.callback()(request, response);
  }

  /**
   * The home tenant's discovery document as Entra writes the multi-tenant one: the issuer is the template,
   * and RFC 9207's authorization response `iss` is not offered.
   */
  private async organizationsDiscovery(response: ServerResponse): Promise<void> {
    const home = await this.fetch(
      `${MICROSOFT_LOGIN}/${this.homeTenant}/v2.0/.well-known/openid-configuration`,
    );
    const { authorization_response_iss_parameter_supported: _offered, ...metadata } =
      (await home.json()) as Record<string, unknown>;
    const organizations = { ...metadata, issuer: `${MICROSOFT_LOGIN}/{tenantid}/v2.0` };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(organizations));
  }
}

/**
 * Entra answers an authorization request with `code` and `state` only; oidc-provider also sends RFC 9207's
 * `iss`, which names one tenant where the multi-tenant discovery document names the template, and which
 * openid-client compares when present. A post-middleware takes it off redirects to the client.
 */
function withoutIssuerParameter(redirectUris: string[]) {
  return async (context: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    const location = context.response.get('location');
    if (!location || !redirectUris.some((uri) => location.startsWith(`${uri}?`))) return;
    const back = new URL(location);
    back.searchParams.delete('iss');
    context.response.set('location', back.href);
  };
}
