/** Header and field names whose values never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-signature-ed25519"]',
  'res.headers["set-cookie"]',
  'password',
  'token',
  'secret',
  'authorization',
  'databaseUrl',
  'DATABASE_URL',
  'REDIS_URL',
  '*.password',
  '*.token',
  '*.secret',
  '*.authorization',
  '*.databaseUrl',
  '*.DATABASE_URL',
  '*.REDIS_URL',
];

// Anchored on `://` rather than on the scheme before it: a scheme pattern (`\b[a-z][a-z0-9+.-]*`) restarts
// at every dot of a long `a.a.a…` and makes scrubbing quadratic in the length of a request URL.
const URL_CREDENTIALS = /(:\/\/[^:/?#\s@]*):[^@/?#\s]*@/g;
const BEARER = /\b(Bearer|Basic)\s+[\w.~+/=-]+/g;
const SECRET_QUERY = /([?&](?:token|access_token|secret|password|api_key|key)=)[^&#\s]*/gi;

/**
 * Removes credentials from free text: passwords in URLs (DATABASE_URL, REDIS_URL), bearer tokens and
 * secret-looking query parameters. Structured fields are redacted by path instead (REDACTED_PATHS).
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(URL_CREDENTIALS, '$1:***@')
    .replace(BEARER, '$1 [redacted]')
    .replace(SECRET_QUERY, '$1[redacted]');
}
