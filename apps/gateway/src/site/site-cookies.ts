/** The site's cookies: scoped to /site, never readable by scripts, not sent on cross-site posts. */
export const SESSION_COOKIE = 'firebreak_site';
export const PENDING_COOKIE = 'firebreak_sign_in';
export const ZONE_COOKIE = 'firebreak_tz';

export interface CookieOptions {
  readonly secure: boolean;
  /** Seconds; 0 deletes the cookie. */
  readonly maxAge: number;
  /** Readable by the page's script (the time zone only; never a secret). */
  readonly scriptReadable?: boolean;
}

/** The cookies of a `Cookie` header by name; the first of two with one name wins, as browsers send the most specific first. */
export function cookiesOf(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const equals = pair.indexOf('=');
    const name = equals < 0 ? '' : pair.slice(0, equals).trim();
    if (name && !cookies.has(name)) cookies.set(name, decodeValue(pair.slice(equals + 1).trim()));
  }
  return cookies;
}

export function cookieHeader(name: string, value: string, options: CookieOptions): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/site',
    `Max-Age=${options.maxAge}`,
    'SameSite=Lax',
  ];
  if (!options.scriptReadable) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
