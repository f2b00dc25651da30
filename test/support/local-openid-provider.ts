import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import Provider, { type Account, type Configuration, type JWK } from 'oidc-provider';

/** A person at the identity provider, with the claims Microsoft Entra ID puts in an ID token. */
export interface EntraAccount {
  /** What to type at the provider's login form. */
  login: string;
  /** The tenant (directory) id. */
  tid: string;
  /** The object id: what Teams calls aadObjectId. */
  oid: string;
  name: string;
}

export interface LocalOpenIdProviderOptions {
  /** Exactly the redirect URIs the client registered (as in an app registration's "Web" platform). */
  redirectUris: string[];
  accounts: EntraAccount[];
  clientId?: string;
  clientSecret?: string;
}

/**
 * `oidc-provider` (a certified OpenID Provider nobody here wrote) on a loopback port, playing Microsoft
 * Entra ID for one confidential client: authorization code with PKCE required (S256), ID tokens signed with
 * RS256 and carrying Entra's `tid`, `oid` and `name`, and the library's own login and consent pages
 * (devInteractions: any password is accepted; the login names the account).
 *
 * One issuer, `http://127.0.0.1:<port>`, serves accounts of several tenants, as Entra's multi-tenant
 * endpoint does; unlike Entra, its `iss` does not name the tenant (oidc-provider has one issuer per instance).
 * A browser can reach it as it is (the login page: a field with the placeholder "Enter any login", a
 * password, the button "Sign-in"; then the consent page's "Continue"); `LocalEntraCloud` has Entra's own
 * shape (an issuer per tenant under Microsoft's URL, the `organizations` template) for clients that take a
 * fetch. Give an app `ENTRA_ISSUER_URL=issuer`, `ENTRA_CLIENT_ID=clientId`, `ENTRA_CLIENT_SECRET=clientSecret`.
 */
export class LocalOpenIdProvider {
  readonly clientId: string;
  readonly clientSecret: string;

  private constructor(
    private readonly server: Server,
    readonly provider: Provider,
    options: Required<LocalOpenIdProviderOptions>,
    private readonly codeLifetime: { seconds: number },
  ) {
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
  }

  static async start(options: LocalOpenIdProviderOptions): Promise<LocalOpenIdProvider> {
    const settings = {
      clientId: `firebreak-${randomBytes(4).toString('hex')}`,
      clientSecret: randomBytes(24).toString('base64url'),
      ...options,
    };
    const server = await listeningOnLoopback();
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const codeLifetime = { seconds: 60 };
    const provider = new Provider(issuer, entraLikeConfiguration(settings, codeLifetime));
    server.on('request', provider.callback());
    return new LocalOpenIdProvider(server, provider, settings, codeLifetime);
  }

  get issuer(): string {
    return this.provider.issuer;
  }

  /** Authorization codes issued from now on expire after this many seconds (default 60). */
  setCodeLifetime(seconds: number): void {
    this.codeLifetime.seconds = seconds;
  }

  stop(): Promise<void> {
    return closed(this.server);
  }
}

export async function listeningOnLoopback(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}

export async function closed(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** oidc-provider set up like Entra ID for one confidential client and these accounts. */
export function entraLikeConfiguration(
  options: Required<LocalOpenIdProviderOptions>,
  codeLifetime: { readonly seconds: number },
): Configuration {
  const accounts = new Map(options.accounts.map((account) => [account.login, account]));
  return {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    findAccount: (_context, login): Account | undefined => {
      const account = accounts.get(login);
      if (!account) return undefined;
      return {
        accountId: login,
        // Entra's `sub` is pairwise per application; `oid` is the same person in every application.
        claims: () => ({
          sub: `pairwise-${account.oid}`,
          tid: account.tid,
          oid: account.oid,
          name: account.name,
        }),
      };
    },
    claims: { openid: ['sub', 'tid'], profile: ['name', 'oid'] },
    // Entra puts the profile claims in the ID token of the code flow; oidc-provider keeps them for userinfo
    // unless told otherwise.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: {
      AuthorizationCode: () => codeLifetime.seconds,
      AccessToken: 3600,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: { devInteractions: { enabled: true } },
  };
}

function signingKey(): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...(privateKey.export({ format: 'jwk' }) as JWK),
    kid: randomBytes(8).toString('hex'),
    use: 'sig',
    alg: 'RS256',
  };
}
