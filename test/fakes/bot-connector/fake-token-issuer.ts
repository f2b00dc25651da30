/**
 * Loopback stand-in for the Bot Framework channel token service: publishes OpenID metadata + a JWKS (with
 * `endorsements`) and mints the RS256 JWTs the channel puts in `Authorization: Bearer ...` when it POSTs an
 * activity to the bot.
 *
 * How botframework-connector 4.23 validates such a token (ParameterizedBotFrameworkAuthentication +
 * JwtTokenExtractor, used when any `ToBotFrom*` / `ToChannelFrom*` key is configured):
 *  - empty/missing header -> AuthenticationError 401;
 *  - `iss` must equal `ToBotFromChannelTokenIssuer` (else "No valid identity", 401);
 *  - header `kid` must be in the JWKS behind `ToBotFromChannelOpenIdMetadataUrl` (else "Signing Key could not be
 *    retrieved", 401); the metadata object is cached process-wide per URL (`JwtTokenExtractor.openIdMetadataCache`)
 *    and refreshed only every 24 h, or for an unknown kid when older than 1 h: each FakeTokenIssuer therefore
 *    serves its metadata under a random path segment so a reused port never hits a stale cache entry;
 *  - jsonwebtoken `verify` with RS256, `clockTolerance` 300 s: a token expired less than 5 min ago still passes.
 *    Expired beyond that -> "The token has expired" (401). A bad signature throws jsonwebtoken's
 *    `JsonWebTokenError`, which is NOT an AuthenticationError, so `CloudAdapter.process` answers 500 (not 401);
 *  - endorsements: if the JWKS key lists endorsements, `activity.channelId` must be one of them (an empty
 *    channelId passes), and so must every `AuthenticationConfiguration.requiredEndorsements` entry; a key with no
 *    endorsements skips the check;
 *  - `aud` must equal the bot's app id (`isValidAppId`), else 401;
 *  - `serviceurl` claim must equal `activity.serviceUrl` exactly (string compare), else 401.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import {
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { BOT_FRAMEWORK_OAUTH_SCOPE, type FakeBotConnector } from './fake-bot-connector.js';

/** `iss` of tokens the public-cloud channel service sends to bots. */
export const BOT_FRAMEWORK_CHANNEL_ISSUER = 'https://api.botframework.com';
/** Endorsements the real Bot Framework JWKS carries for the channels we care about. */
export const DEFAULT_ENDORSEMENTS = ['msteams', 'webchat', 'directline', 'emulator', 'test'];

export interface MintTokenOptions {
  /** The bot's app id (`aud`). */
  audience: string;
  /** Defaults to `https://api.botframework.com`. */
  issuer?: string;
  /** Seconds from now; negative for an already expired token (beware the SDK's 300 s clock tolerance). */
  expiresInSeconds?: number;
  /** `serviceurl` claim; must equal the activity's serviceUrl to be accepted. */
  serviceUrl?: string;
  /** Sign with a key that is not in the JWKS, keeping the published `kid` (a real forgery). */
  signWithForeignKey?: boolean;
  /** Override the header `kid` (e.g. an unknown one). */
  kid?: string;
  extraClaims?: Record<string, unknown>;
}

export interface FakeTokenIssuerOptions {
  /** Endorsements published on the signing key; `[]` publishes none (disables the channel check). */
  endorsements?: string[];
}

export class FakeTokenIssuer {
  /** Requests the SDK made for metadata and keys (shows the SDK's caching). */
  readonly requests: Array<{ path: string; at: Date }> = [];

  private readonly server: http.Server;
  private readonly pathSecret = randomBytes(8).toString('hex');
  private port = 0;

  private constructor(
    readonly kid: string,
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
    private readonly foreignKey: CryptoKey,
    private readonly endorsements: string[],
  ) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  static async start(options: FakeTokenIssuerOptions = {}): Promise<FakeTokenIssuer> {
    const [signing, foreign] = await Promise.all([
      generateKeyPair('RS256', { extractable: true }),
      generateKeyPair('RS256', { extractable: true }),
    ]);
    const issuer = new FakeTokenIssuer(
      `fake-${randomUUID()}`,
      signing.privateKey,
      await exportJWK(signing.publicKey),
      foreign.privateKey,
      options.endorsements ?? DEFAULT_ENDORSEMENTS,
    );
    await new Promise<void>((resolve, reject) => {
      issuer.server.once('error', reject);
      issuer.server.listen(0, '127.0.0.1', () => resolve());
    });
    issuer.port = (issuer.server.address() as AddressInfo).port;
    return issuer;
  }

  private get base(): string {
    return `http://127.0.0.1:${this.port}/${this.pathSecret}`;
  }

  /** Value for `ToBotFromChannelOpenIdMetadataUrl`. */
  get openIdMetadataUrl(): string {
    return `${this.base}/v1/.well-known/openidconfiguration`;
  }

  get jwksUrl(): string {
    return `${this.base}/v1/.well-known/keys`;
  }

  openIdConfiguration(): Record<string, unknown> {
    return {
      issuer: BOT_FRAMEWORK_CHANNEL_ISSUER,
      authorization_endpoint: `${this.base}/v1/.well-known/authorize`,
      jwks_uri: this.jwksUrl,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    };
  }

  jwks(): { keys: Array<Record<string, unknown>> } {
    return {
      keys: [
        {
          kty: this.publicJwk.kty,
          use: 'sig',
          kid: this.kid,
          n: this.publicJwk.n,
          e: this.publicJwk.e,
          endorsements: this.endorsements,
        },
      ],
    };
  }

  /** A channel -> bot JWT shaped like the Bot Framework's: `{ serviceurl, nbf, exp, iss, aud }`, header `kid`. */
  async mintToken(options: MintTokenOptions): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (options.expiresInSeconds ?? 3600);
    const claims: Record<string, unknown> = { ...options.extraClaims };
    if (options.serviceUrl !== undefined) claims['serviceurl'] = options.serviceUrl;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? this.kid })
      .setIssuer(options.issuer ?? BOT_FRAMEWORK_CHANNEL_ISSUER)
      .setAudience(options.audience)
      .setNotBefore(Math.min(now - 60, exp - 3600))
      .setExpirationTime(exp)
      .sign(options.signWithForeignKey ? this.foreignKey : this.privateKey);
  }

  /** `Bearer <token>` for the Authorization header. */
  async authorization(options: MintTokenOptions): Promise<string> {
    return `Bearer ${await this.mintToken(options)}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = new URL(req.url ?? '/', this.base).pathname;
    this.requests.push({ path, at: new Date() });
    let body: unknown;
    if (req.method === 'GET' && path === new URL(this.openIdMetadataUrl).pathname)
      body = this.openIdConfiguration();
    else if (req.method === 'GET' && path === new URL(this.jwksUrl).pathname) body = this.jwks();
    const json = JSON.stringify(body ?? { error: 'not_found' });
    res
      .writeHead(body === undefined ? 404 : 200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(json),
      })
      .end(json);
  }
}

/**
 * The exact `ConfigurationBotFrameworkAuthentication` configuration for a bot `appId` whose inbound tokens come
 * from `issuer` and whose outbound calls go to `connector`.
 *
 * Setting any `ToBotFrom*` / `ToChannelFrom*` / `OAuthUrl` / `CallerId` key makes botbuilder use a
 * `ParameterizedBotFrameworkAuthentication` built from these values instead of the public-cloud constants, so
 * every key is given: inbound channel and emulator metadata -> the fake issuer, login/OAuth -> the fake connector.
 *
 * On its own this object only fixes the INBOUND side. For OUTBOUND calls botbuilder's default credential factory
 * would run MSAL against `ToChannelFromBotLoginUrl`, and MSAL does instance discovery at
 * login.microsoftonline.com for any unknown authority; pass `connector.credentialsFactory(appId, password)` as the
 * second constructor argument (see {@link createLoopbackBotFrameworkAuthentication}).
 */
export function botFrameworkAuthConfig(
  issuer: FakeTokenIssuer,
  connector: FakeBotConnector,
  appId: string,
  password: string,
): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    MicrosoftAppId: appId,
    MicrosoftAppPassword: password,
    MicrosoftAppType: 'MultiTenant',
    ValidateAuthority: false,
    ToBotFromChannelTokenIssuer: BOT_FRAMEWORK_CHANNEL_ISSUER,
    ToBotFromChannelOpenIdMetadataUrl: issuer.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: issuer.openIdMetadataUrl,
    ToChannelFromBotLoginUrl: connector.loginUrl(),
    ToChannelFromBotOAuthScope: BOT_FRAMEWORK_OAUTH_SCOPE,
    OAuthUrl: connector.oauthApiUrl,
    CallerId: 'urn:botframework:azure',
  };
}

/** Real `ConfigurationBotFrameworkAuthentication`, inbound against `issuer`, outbound (MSAL) against `connector`. */
export function createLoopbackBotFrameworkAuthentication(
  issuer: FakeTokenIssuer,
  connector: FakeBotConnector,
  appId: string,
  password: string,
): ConfigurationBotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication(
    botFrameworkAuthConfig(issuer, connector, appId, password),
    connector.credentialsFactory(appId, password),
  );
}
