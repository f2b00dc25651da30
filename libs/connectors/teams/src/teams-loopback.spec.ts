import type { Activity } from 'botbuilder';
import {
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type UserTokenClient,
} from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import {
  isLoopbackHost,
  isLoopbackUrl,
  LoopbackOnlyBotFrameworkAuthentication,
  NonLoopbackServiceUrl,
} from './teams-loopback.js';

describe(isLoopbackHost.name, () => {
  it.each(['127.0.0.1', '127.3.2.1', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])(
    'counts %s as loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );

  it.each(['0.0.0.0', '::', '10.0.0.8', '192.168.1.20', 'example.com', 'localhost.example.com', ''])(
    'does not count %s as loopback',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});

describe(isLoopbackUrl.name, () => {
  it.each(['http://127.0.0.1:9000/', 'https://localhost/amer/', 'http://[::1]:3978/', 'http://0x7f.1:80/'])(
    'accepts %s',
    (url) => expect(isLoopbackUrl(url)).toBe(true),
  );

  it.each([
    'https://smba.trafficmanager.net/amer/',
    // 0.0.0.0 reaches this machine's listeners on Linux, but it is not loopback: refused like any other host.
    'http://0.0.0.0:9000/',
    'http://127.0.0.1.nip.io/',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => expect(isLoopbackUrl(url)).toBe(false));
});

/** Records the service URLs clients were made for; never opens a connection. */
class RecordingConnectorFactory extends ConnectorFactory {
  readonly created: string[] = [];
  override async create(serviceUrl: string): Promise<ConnectorClient> {
    this.created.push(serviceUrl);
    return new ConnectorClient({ getToken: async () => '' } as never, { baseUri: serviceUrl });
  }
}

class AnonymousAuthentication extends BotFrameworkAuthentication {
  readonly factory = new RecordingConnectorFactory();
  override async authenticateRequest(): Promise<AuthenticateRequestResult> {
    return {
      audience: 'https://api.botframework.com',
      claimsIdentity: new ClaimsIdentity([], 'anonymous'),
      callerId: '',
      connectorFactory: this.factory,
    };
  }
  override authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    return this.authenticateRequest();
  }
  override createConnectorFactory(): ConnectorFactory {
    return this.factory;
  }
  override createUserTokenClient(): Promise<UserTokenClient> {
    throw new Error('not used');
  }
}

describe(LoopbackOnlyBotFrameworkAuthentication.name, () => {
  it('makes clients for loopback service URLs, for replies and for proactive posts', async () => {
    const inner = new AnonymousAuthentication();
    const sut = new LoopbackOnlyBotFrameworkAuthentication(inner);
    const reply = await sut.authenticateRequest({} as Activity, '');
    await reply.connectorFactory!.create('http://127.0.0.1:9000/');
    await sut.createConnectorFactory(new ClaimsIdentity([])).create('http://[::1]:9000/');
    expect(inner.factory.created).toEqual(['http://127.0.0.1:9000/', 'http://[::1]:9000/']);
  });

  it('refuses any other service URL with a 403 before a client exists', async () => {
    const inner = new AnonymousAuthentication();
    const sut = new LoopbackOnlyBotFrameworkAuthentication(inner);
    const reply = await sut.authenticateRequest({} as Activity, '');
    await expect(reply.connectorFactory!.create('https://attacker.example/')).rejects.toBeInstanceOf(
      NonLoopbackServiceUrl,
    );
    await expect(
      sut.createConnectorFactory(new ClaimsIdentity([])).create('http://0.0.0.0:9000/'),
    ).rejects.toMatchObject({ statusCode: 403 });
    expect(inner.factory.created).toEqual([]);
  });
});
