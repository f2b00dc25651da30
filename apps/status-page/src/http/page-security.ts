import { contentSecurityPolicy, securityHeaders } from '@firebreak/operations';
import { type Branding, imageSourcesOf } from '../site/branding.js';

const originOf = (url: string | null | undefined): string[] => (url ? [new URL(url).origin] : []);

/** The live feed's websocket on the page's public origin (`'self'` covers it in CSP 3 browsers only). */
function websocketOf(pageUrl: string): string {
  const url = new URL(pageUrl);
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
}

/**
 * The status page's Content-Security-Policy: scripts, styles and everything else from the page only (no
 * inline script, handler or style), images also from the listed hosts (and the logo's), the live feed's
 * websocket, the subscribe form posting to the gateway, no plugins, no <base>, and no framing.
 */
function statusPagePolicy(branding: Branding): string {
  return contentSecurityPolicy({
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': [...imageSourcesOf(branding).policySources(), ...originOf(branding.logoUrl)],
    'connect-src': ["'self'", websocketOf(branding.url)],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'", ...originOf(branding.subscribeUrl)],
    'frame-ancestors': ["'none'"],
  });
}

/**
 * Every answer of the status page (pages, feeds, JSON, 404s, static files, the render cache's fast path).
 * Its URLs hold nothing secret, so other sites may learn the origin a visitor came from.
 */
export const statusPageSecurityHeaders = (branding: Branding) =>
  securityHeaders(statusPagePolicy(branding), 'strict-origin-when-cross-origin');
