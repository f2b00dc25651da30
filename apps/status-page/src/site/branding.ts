import type { StatusPageIdentity } from '@firebreak/status';
import type { StatusPageConfig } from '../status-page-config.js';
import { ImageSources } from './image-sources.js';

/** What the page looks like and calls itself, from configuration. */
export interface Branding extends StatusPageIdentity {
  readonly logoUrl: string | null;
  readonly supportUrl: string | null;
  readonly accent: string;
  readonly accentDark: string;
  readonly historyMonthsPerPage: number;
  /** Where the subscribe form posts (the gateway's /api/v1/subscriptions); none: no form. */
  readonly subscribeUrl?: string | null;
  /** Hosts write-up images may come from besides the page itself (STATUS_PAGE_IMAGE_HOSTS). */
  readonly imageHosts: readonly string[];
}

export function brandingFrom(config: StatusPageConfig): Branding {
  return {
    id: config.STATUS_PAGE_ID,
    name: config.STATUS_PAGE_NAME,
    url: config.STATUS_PAGE_URL,
    timeZone: config.STATUS_PAGE_TIME_ZONE,
    logoUrl: config.STATUS_PAGE_LOGO_URL ?? null,
    supportUrl: config.STATUS_PAGE_SUPPORT_URL ?? null,
    accent: config.STATUS_PAGE_ACCENT_COLOUR,
    accentDark: config.STATUS_PAGE_ACCENT_COLOUR_DARK,
    historyMonthsPerPage: config.STATUS_PAGE_HISTORY_MONTHS_PER_PAGE,
    subscribeUrl: config.STATUS_PAGE_SUBSCRIBE_URL ?? null,
    imageHosts: config.STATUS_PAGE_IMAGE_HOSTS,
  };
}

/** Nest token of the page's Branding. */
export const BRANDING = Symbol('BRANDING');

/** Where write-up images may come from, for the sanitizer and the Content-Security-Policy alike. */
export const imageSourcesOf = (branding: Branding): ImageSources =>
  new ImageSources(branding.url, branding.imageHosts);
