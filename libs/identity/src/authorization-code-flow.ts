import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  calculatePKCECodeChallenge,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
  type Configuration,
  type IDToken,
} from 'openid-client';
import { refusalFor } from './oauth-failure.js';
import { type SignedInPerson, type SignInProvider } from './sign-in-provider.js';
import { SignInRefused, SignInRefusal } from './sign-in-refused.js';

export interface AuthorizationCodeFlowOptions {
  readonly scope: string;
  /** OpenID Connect: a nonce goes out and must come back in a validated ID token. */
  readonly openId: boolean;
  /** The provider's own extra parameters of the authorization request. */
  readonly authorizationParameters?: Readonly<Record<string, string>>;
}

/** What came back from the token endpoint, after every check passed. */
export interface CodeExchange {
  readonly accessToken: string;
  /** The validated ID token's claims (OpenID Connect only). */
  readonly idTokenClaims: IDToken | undefined;
}

/**
 * The authorization code flow with PKCE (and a nonce for OpenID Connect), done by openid-client: `begin` says
 * where to send the browser and what to keep; `complete` checks the answer against what was kept and exchanges
 * the code. Both providers use it, so the checks that make a sign-in this browser's are written once.
 */
export class AuthorizationCodeFlow {
  constructor(
    private readonly configuration: () => Promise<Configuration>,
    private readonly options: AuthorizationCodeFlowOptions,
  ) {}

  async begin(callbackUrl: string): Promise<{ redirectUrl: string; keep: Record<string, string> }> {
    const configuration = await this.configured();
    const codeVerifier = randomPKCECodeVerifier();
    const keep: Record<string, string> = { state: randomState(), codeVerifier };
    if (this.options.openId) keep.nonce = randomNonce();
    const redirectUrl = buildAuthorizationUrl(configuration, {
      ...this.options.authorizationParameters,
      redirect_uri: callbackUrl,
      scope: this.options.scope,
      state: keep.state,
      code_challenge: await calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      ...(keep.nonce ? { nonce: keep.nonce } : {}),
    });
    return { redirectUrl: redirectUrl.href, keep };
  }

  async complete(
    callbackUrl: string,
    query: Record<string, string>,
    kept: Record<string, string>,
  ): Promise<CodeExchange> {
    const { state, codeVerifier, nonce } = kept;
    if (!state || !codeVerifier || (this.options.openId && !nonce)) {
      throw new SignInRefused(SignInRefusal.NotThisSignIn, 'the pending session kept no state or verifier');
    }
    const configuration = await this.configured();
    const answer = new URL(callbackUrl);
    for (const [name, value] of Object.entries(query)) answer.searchParams.set(name, value);
    try {
      const tokens = await authorizationCodeGrant(configuration, answer, {
        expectedState: state,
        pkceCodeVerifier: codeVerifier,
        ...(this.options.openId ? { expectedNonce: nonce, idTokenExpected: true } : {}),
      });
      return { accessToken: tokens.access_token, idTokenClaims: tokens.claims() };
    } catch (error) {
      throw refusalFor(error);
    }
  }

  private async configured(): Promise<Configuration> {
    try {
      return await this.configuration();
    } catch (error) {
      throw refusalFor(error);
    }
  }
}

/** A provider signing in through the flow: each one only says who the exchange names. */
export abstract class AuthorizationCodeSignIn implements SignInProvider {
  abstract readonly id: string;
  abstract readonly label: string;
  protected abstract readonly flow: AuthorizationCodeFlow;

  begin(callbackUrl: string): Promise<{ redirectUrl: string; keep: Record<string, string> }> {
    return this.flow.begin(callbackUrl);
  }

  async complete(
    callbackUrl: string,
    query: Record<string, string>,
    kept: Record<string, string>,
  ): Promise<SignedInPerson> {
    return this.personFrom(await this.flow.complete(callbackUrl, query, kept));
  }

  /** Who the checked exchange names, if they may come in; otherwise a `SignInRefused`. */
  protected abstract personFrom(exchange: CodeExchange): Promise<SignedInPerson>;
}
