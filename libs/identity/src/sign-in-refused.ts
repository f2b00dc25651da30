/** Why a sign-in did not let someone in; the site maps each code once (page text, HTTP status). */
export enum SignInRefusal {
  /** The provider's answer does not belong to the sign-in this browser started (state, nonce, PKCE, issuer). */
  NotThisSignIn = 'not_this_sign_in',
  /** The one-time code was used, expired or never issued: starting again fixes it. */
  CodeRejected = 'code_rejected',
  /** The person (or the provider) said no on the provider's page. */
  Declined = 'declined',
  /** Signed in fine, but not a member of any Discord server or Microsoft tenant set up in Firebreak. */
  NotAMember = 'not_a_member',
  /** The provider could not be reached or answered something unusable. */
  ProviderUnavailable = 'provider_unavailable',
}

const MESSAGES: Record<SignInRefusal, string> = {
  [SignInRefusal.NotThisSignIn]:
    'This sign-in did not start in this browser, or it was changed on the way. Please start again.',
  [SignInRefusal.CodeRejected]: 'That sign-in has expired or was already used. Please start again.',
  [SignInRefusal.Declined]: 'The sign-in was cancelled.',
  [SignInRefusal.NotAMember]:
    'You signed in, but you are not a member of any Discord server or Microsoft 365 organisation set up in Firebreak.',
  [SignInRefusal.ProviderUnavailable]:
    'The sign-in service did not answer properly. Please try again in a moment.',
};

/** A sign-in that lets nobody in. `message` is for the person; `detail` is for the log only. */
export class SignInRefused extends Error {
  override name = 'SignInRefused';

  constructor(
    readonly reason: SignInRefusal,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[reason], options);
  }
}
