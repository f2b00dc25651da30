import { isIP } from 'node:net';
import type { Activity } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import ipaddr from 'ipaddr.js';

/** `127.0.0.0/8`, `::1` (also IPv4-mapped) or `localhost`: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (!isIP(bare)) return false;
  return ipaddr.process(bare).range() === 'loopback';
}

/** An http(s) URL whose host is loopback. The WHATWG parser normalises `0x7f.1`-style IPv4 forms first. */
export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && isLoopbackHost(parsed.hostname);
}

/** A service URL development mode will not send to; 403, so the outbox skips it instead of retrying. */
export class NonLoopbackServiceUrl extends Error {
  override name = 'NonLoopbackServiceUrl';
  readonly statusCode = 403;
  constructor(serviceUrl: string) {
    super(
      `Teams development mode only sends to loopback service URLs, not to ${JSON.stringify(serviceUrl)}.`,
    );
  }
}

class LoopbackOnlyConnectorFactory extends ConnectorFactory {
  constructor(private readonly inner: ConnectorFactory) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    if (!isLoopbackUrl(serviceUrl)) return Promise.reject(new NonLoopbackServiceUrl(serviceUrl));
    return this.inner.create(serviceUrl, audience);
  }
}

/**
 * Development mode's outbound half: every Bot Connector client (replies, proactive posts, roster lookups) is
 * made through a connector factory, and this one refuses any service URL that is not loopback. Without a
 * token nobody vouches for an activity's `serviceUrl`, so a caller must not be able to aim the bot's replies
 * (and the conversation content in them) at a host of their choosing.
 */
export class LoopbackOnlyBotFrameworkAuthentication extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return loopbackOnly(await this.inner.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return loopbackOnly(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new LoopbackOnlyConnectorFactory(this.inner.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

function loopbackOnly(result: AuthenticateRequestResult): AuthenticateRequestResult {
  return result.connectorFactory
    ? { ...result, connectorFactory: new LoopbackOnlyConnectorFactory(result.connectorFactory) }
    : result;
}
