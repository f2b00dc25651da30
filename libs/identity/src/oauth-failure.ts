import { AuthorizationResponseError, ClientError, ResponseBodyError } from 'openid-client';
import { SignInRefused, SignInRefusal } from './sign-in-refused.js';

/** The provider's own error codes that mean the person (or their organisation's policy) said no. */
const DECLINED = new Set(['access_denied', 'consent_required', 'interaction_required', 'login_required']);

/**
 * openid-client's error codes for an answer that failed a check: state, nonce, issuer, audience, signature or
 * expiry. Either the answer belongs to another sign-in or someone changed it on the way.
 */
const FAILED_CHECK = new Set([
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_KEY_SELECTION_FAILED',
]);

/**
 * What an openid-client failure means to the person signing in. Both providers go through openid-client, so
 * its errors are read here once; anything unrecognised (a network error, a 5xx, a timeout) is the provider's
 * trouble, not a refusal of the person.
 */
export function refusalFor(error: unknown): SignInRefused {
  if (error instanceof SignInRefused) return error;
  if (error instanceof AuthorizationResponseError) {
    const reason = DECLINED.has(error.error) ? SignInRefusal.Declined : SignInRefusal.ProviderUnavailable;
    return new SignInRefused(reason, describe(error.error, error.error_description), { cause: error });
  }
  if (error instanceof ResponseBodyError) {
    const reason =
      error.error === 'invalid_grant' ? SignInRefusal.CodeRejected : SignInRefusal.ProviderUnavailable;
    return new SignInRefused(reason, describe(error.error, error.error_description), { cause: error });
  }
  if (error instanceof ClientError && error.code && FAILED_CHECK.has(error.code)) {
    return new SignInRefused(SignInRefusal.NotThisSignIn, `${error.code}: ${error.message}`, {
      cause: error,
    });
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new SignInRefused(SignInRefusal.ProviderUnavailable, detail, { cause: error });
}

function describe(code: string, description: string | undefined): string {
  return description ? `${code}: ${description}` : code;
}
