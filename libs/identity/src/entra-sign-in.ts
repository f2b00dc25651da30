import {
  allowInsecureRequests,
  customFetch,
  discovery,
  enableNonRepudiationChecks,
  type Configuration,
  type CustomFetch,
  type IDToken,
} from 'openid-client';
import { isWorkspaceAdministrator, participant } from '@firebreak/incident';
import {
  AuthorizationCodeFlow,
  AuthorizationCodeSignIn,
  type CodeExchange,
} from './authorization-code-flow.js';
import { isLoopbackHttp } from './loopback.js';
import { type SignedInPerson } from './sign-in-provider.js';
import { SignInRefused, SignInRefusal } from './sign-in-refused.js';

/** Work and school accounts of any tenant; which tenants get in is Firebreak's decision, made after sign-in. */
export const ENTRA_ORGANIZATIONS_ISSUER = 'https://login.microsoftonline.com/organizations/v2.0';

export interface EntraSignInOptions {
  /** Where discovery starts: ENTRA_ORGANIZATIONS_ISSUER, a tenant's own issuer, or a sovereign cloud's. */
  readonly issuerUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** MICROSOFT_TEAMS_ADMIN_USER_IDS: AAD object ids of Firebreak administrators, as in chat. */
  readonly administrators: ReadonlySet<string>;
  /** The tenants of the Teams teams set up in Firebreak; only their people get in. */
  allowedTenantIds(): Promise<string[]>;
  /**
   * Makes every request to the provider (openid-client's customFetch): for an outbound proxy, or a test
   * that answers for Microsoft's own URLs on loopback. Default: the global fetch.
   */
  readonly fetch?: CustomFetch;
}

/**
 * Sign-in with Microsoft Entra ID through OpenID Connect (openid-client: discovery, authorization code + PKCE
 * + nonce, ID token validation). openid-client checks the ID token's issuer, audience, expiry, nonce and
 * signature; on Microsoft's multi-tenant issuer (`https://login.microsoftonline.com/{tenantid}/v2.0`) it checks
 * that `iss` is that template filled with the token's own `tid`. Firebreak then lets in only the tenants set
 * up, and names the person `teams:<oid>`, as the Teams connector names them (`teams:<aadObjectId>`).
 */
export class EntraSignIn extends AuthorizationCodeSignIn {
  readonly id = 'entra';
  readonly label = 'Microsoft';
  protected readonly flow: AuthorizationCodeFlow;
  private discovered: Promise<Configuration> | undefined;

  constructor(private readonly options: EntraSignInOptions) {
    super();
    this.flow = new AuthorizationCodeFlow(() => this.configuration(), {
      scope: 'openid profile',
      openId: true,
    });
  }

  protected async personFrom({ idTokenClaims }: CodeExchange): Promise<SignedInPerson> {
    const claims = requiredClaims(idTokenClaims);
    const allowed = new Set(await this.options.allowedTenantIds());
    if (!allowed.has(claims.tid)) {
      throw new SignInRefused(
        SignInRefusal.NotAMember,
        `tenant ${claims.tid} is not one of ${allowed.size} set up`,
      );
    }
    const person = participant(`teams:${claims.oid}`, claims.name);
    const standing = {
      ownerOrAdministrator: false,
      configuredAdministrator: this.options.administrators.has(claims.oid),
    };
    return {
      participantIds: [person.id],
      displayName: person.displayName,
      administrator: isWorkspaceAdministrator(standing),
    };
  }

  /** Discovered once; a failed discovery is forgotten so the next sign-in tries again. */
  private configuration(): Promise<Configuration> {
    this.discovered ??= this.discover().catch((error: unknown) => {
      this.discovered = undefined;
      throw error;
    });
    return this.discovered;
  }

  private async discover(): Promise<Configuration> {
    const { issuerUrl, clientId, clientSecret } = this.options;
    const loopback = isLoopbackHttp(issuerUrl);
    const configuration = await discovery(new URL(issuerUrl), clientId, clientSecret, undefined, {
      // A loopback identity provider (tests) speaks plain HTTP; anything else must be HTTPS.
      ...(loopback ? { execute: [allowInsecureRequests] } : {}),
      ...(this.options.fetch ? { [customFetch]: this.options.fetch } : {}),
    });
    // The ID token comes straight from the token endpoint, where the spec lets a client skip its signature;
    // checking it against the provider's published keys as well costs one cached key fetch.
    enableNonRepudiationChecks(configuration);
    return configuration;
  }
}

/** The claims Firebreak needs; an ID token without them cannot name a Teams person. */
function requiredClaims(claims: IDToken | undefined): { tid: string; oid: string; name: string | undefined } {
  const tid = claims?.tid;
  const oid = claims?.oid;
  if (typeof tid !== 'string' || !tid || typeof oid !== 'string' || !oid) {
    throw new SignInRefused(SignInRefusal.ProviderUnavailable, 'the ID token has no tid or oid claim');
  }
  const name = typeof claims?.name === 'string' ? claims.name : undefined;
  return { tid, oid, name };
}
