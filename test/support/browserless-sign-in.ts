/**
 * A browser's part of a sign-in, done with fetch: follow redirects, keep cookies, and submit the identity
 * provider's login and consent forms (oidc-provider's own pages; the fake Discord approves without one).
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/** Cookies by host, as a browser keeps them (not by port), honouring Path and Max-Age/Expires removal. */
export class CookieJar {
  private readonly byHost = new Map<string, StoredCookie[]>();

  store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) this.storeOne(url, header);
  }

  headerFor(url: URL): string | undefined {
    const cookies = (this.byHost.get(url.hostname) ?? []).filter((cookie) =>
      url.pathname.startsWith(cookie.path),
    );
    return cookies.length ? cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ') : undefined;
  }

  private storeOne(url: URL, header: string): void {
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    const name = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    let path = '/';
    let expired = false;
    for (const attribute of attributes) {
      const [key, setting = ''] = attribute.split('=');
      const lower = key.toLowerCase();
      if (lower === 'path') path = setting || '/';
      if (lower === 'max-age' && Number(setting) <= 0) expired = true;
      if (lower === 'expires' && Date.parse(setting) <= Date.now()) expired = true;
    }
    const kept = (this.byHost.get(url.hostname) ?? []).filter(
      (cookie) => cookie.name !== name || cookie.path !== path,
    );
    this.byHost.set(url.hostname, expired ? kept : [...kept, { name, value, path }]);
  }
}

export interface SignInWithoutBrowserOptions {
  /** Stop when the browser is sent here (origin and path), without fetching it: its query is the answer. */
  callbackUrl?: string;
  /** What to type at the identity provider's login form. */
  login?: string;
  jar?: CookieJar;
  /** How to reach the pages (default: the global fetch), e.g. a loopback stand-in for Microsoft's URLs. */
  fetch?: (url: URL, init: RequestInit) => Promise<Response>;
}

export interface SignInWalk {
  /** The last URL reached: the callback with its query, or the page the walk ended on. */
  url: URL;
  /** The callback's query when `callbackUrl` was reached. */
  query: Record<string, string>;
  /** The last response fetched (undefined when the first URL already was the callback). */
  response: Response | undefined;
  jar: CookieJar;
}

const MAX_STEPS = 20;

/**
 * Walks from `startUrl` (a provider's authorization URL, or a site's sign-in link) through redirects and the
 * provider's forms, until `callbackUrl` is reached or a page that is neither a redirect nor a form (the site's
 * page after sign-in, with the site's session cookie in the jar).
 */
export async function signInWithoutBrowser(
  startUrl: string,
  options: SignInWithoutBrowserOptions = {},
): Promise<SignInWalk> {
  const jar = options.jar ?? new CookieJar();
  const reach = options.fetch ?? fetch;
  let url = new URL(startUrl);
  let form: URLSearchParams | undefined;
  let response: Response | undefined;
  for (let step = 0; step < MAX_STEPS; step++) {
    if (options.callbackUrl && isAt(url, options.callbackUrl)) {
      return { url, query: Object.fromEntries(url.searchParams), response, jar };
    }
    response = await reach(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...cookieHeader(jar, url),
      },
      body: form,
    });
    jar.store(url, response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url);
      form = undefined;
      continue;
    }
    const page = await response.clone().text();
    const next = interactionForm(page, options.login);
    if (!next) return { url, query: {}, response, jar };
    url = new URL(next.action, url);
    form = next.fields;
  }
  throw new Error(`signInWithoutBrowser: no end after ${MAX_STEPS} steps (last at ${url.href})`);
}

function isAt(url: URL, target: string): boolean {
  const wanted = new URL(target);
  return url.origin === wanted.origin && url.pathname === wanted.pathname;
}

function cookieHeader(jar: CookieJar, url: URL): Record<string, string> {
  const cookie = jar.headerFor(url);
  return cookie ? { cookie } : {};
}

/** oidc-provider's login form (`prompt=login`) or consent form (`prompt=consent`), filled in. */
function interactionForm(
  page: string,
  login: string | undefined,
): { action: string; fields: URLSearchParams } | null {
  const action = attributeAfter(page, '<form', 'action');
  if (action === null) return null;
  if (page.includes('name="prompt" value="login"')) {
    if (!login) throw new Error('signInWithoutBrowser: the identity provider asks for a login; pass `login`');
    return { action, fields: new URLSearchParams({ prompt: 'login', login, password: 'any password' }) };
  }
  if (page.includes('name="prompt" value="consent"')) {
    return { action, fields: new URLSearchParams({ prompt: 'consent' }) };
  }
  return null;
}

/** The value of `name="…"` in the first tag starting with `tag`, HTML entities for `&` undone. */
function attributeAfter(page: string, tag: string, name: string): string | null {
  const tagStart = page.indexOf(tag);
  if (tagStart < 0) return null;
  const tagEnd = page.indexOf('>', tagStart);
  const opening = page.slice(tagStart, tagEnd < 0 ? undefined : tagEnd);
  const marker = `${name}="`;
  const valueStart = opening.indexOf(marker);
  if (valueStart < 0) return null;
  const from = valueStart + marker.length;
  const valueEnd = opening.indexOf('"', from);
  return opening.slice(from, valueEnd).replaceAll('&amp;', '&');
}
