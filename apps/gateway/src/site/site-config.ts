import { z } from 'zod';

/** The responders' site's variables, for the gateway's config schema. */
export const SITE_ENVIRONMENT = {
  // Where browsers reach the site (its pages are under /site): sign-in callbacks and chat's Document links.
  SITE_BASE_URL: z
    .url('must be the URL browsers reach the gateway at, such as https://firebreak.example.com')
    .refine((value) => /^https?:$/.test(new URL(value).protocol), 'must be an http or https URL')
    .refine((value) => ['', '/'].includes(new URL(value).pathname), 'must be an origin without a path')
    .optional(),
  SITE_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  SITE_SIGN_IN_LINK_MINUTES: z.coerce.number().int().min(1).max(1_440).default(15),
};

/** What the site needs to know from the configuration, resolved once. */
export interface SiteSettings {
  /** Without a trailing slash. */
  readonly baseUrl: string;
  /** Cookies are Secure when browsers reach the site over HTTPS. */
  readonly secureCookies: boolean;
  readonly sessionMs: number;
  readonly signInLinkMs: number;
}

export interface SiteEnvironment {
  readonly SITE_BASE_URL?: string | undefined;
  readonly SITE_SESSION_HOURS: number;
  readonly SITE_SIGN_IN_LINK_MINUTES: number;
  readonly GATEWAY_PORT: number;
}

/** SITE_BASE_URL, else the gateway on this machine (right for `npm start`, where the site is local). */
export function siteBaseUrlOf(environment: Pick<SiteEnvironment, 'SITE_BASE_URL' | 'GATEWAY_PORT'>): string {
  const base = environment.SITE_BASE_URL ?? `http://127.0.0.1:${environment.GATEWAY_PORT}`;
  return base.endsWith('/') ? base.slice(0, -1) : base;
}

export function siteSettingsFrom(environment: SiteEnvironment): SiteSettings {
  const baseUrl = siteBaseUrlOf(environment);
  return {
    baseUrl,
    secureCookies: baseUrl.startsWith('https:'),
    sessionMs: environment.SITE_SESSION_HOURS * 3_600_000,
    signInLinkMs: environment.SITE_SIGN_IN_LINK_MINUTES * 60_000,
  };
}

/** Nest token for the resolved SiteSettings. */
export const SITE_SETTINGS = Symbol('SITE_SETTINGS');
