/** Who came back from a sign-in provider, as Firebreak knows them in chat. */
export interface SignedInPerson {
  /** Platform-qualified ids (`discord:<user id>`, `teams:<AAD object id>`), the same ones chat commands carry. */
  readonly participantIds: string[];
  readonly displayName: string;
  /** A Firebreak administrator by the same rule chat applies (`isWorkspaceAdministrator`). */
  readonly administrator: boolean;
}

/**
 * One way to sign in to the responders' site: a redirect to the provider, and back. What `begin` asks to keep
 * (state, nonce, PKCE verifier) is stored by the site in the pending session and handed to `complete`.
 */
export interface SignInProvider {
  /** `discord` or `entra`: names the provider in the site's URLs. */
  readonly id: string;
  /** Shown on the sign-in page. */
  readonly label: string;
  begin(callbackUrl: string): Promise<{ redirectUrl: string; keep: Record<string, string> }>;
  /** Throws `SignInRefused` with a reason the person can read. */
  complete(
    callbackUrl: string,
    query: Record<string, string>,
    kept: Record<string, string>,
  ): Promise<SignedInPerson>;
}
