import { contentSecurityPolicy, securityHeaders } from '@firebreak/operations';
import type { NextFunction, Request, Response } from 'express';

/** The gateway's own pages (subscription confirmation, unsubscribe) load nothing and post only to the gateway. */
const GATEWAY_POLICY = contentSecurityPolicy({
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
});

/**
 * Every answer of the gateway. Confirmation and unsubscribe links carry their token in the path, so no page
 * of the gateway sends a Referer anywhere.
 */
export const GATEWAY_SECURITY_HEADERS = securityHeaders(GATEWAY_POLICY, 'no-referrer');

/** Swagger UI: its scripts from the gateway only, plus the inline styles and data: images it is built with. */
const API_DOCS_POLICY = contentSecurityPolicy({
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
});

/** Mounted on /api/docs: replaces the gateway's policy, which allows no script at all, for the docs' answers. */
export function allowApiDocs(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Content-Security-Policy', API_DOCS_POLICY);
  next();
}

/**
 * The responders' site: scripts, styles and connections from the gateway only (its live feed's websocket
 * included), forms posting to the gateway, no framing. Sign-in redirects to a provider are navigations, which
 * the policy does not restrict.
 */
export function sitePolicy(siteBaseUrl: string): string {
  const url = new URL(siteBaseUrl);
  const websocket = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  return contentSecurityPolicy({
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'"],
    'connect-src': ["'self'", websocket],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  });
}

/** Mounted on /site: the site's policy replaces the gateway's, which allows no script at all. */
export function allowSite(siteBaseUrl: string) {
  const policy = sitePolicy(siteBaseUrl);
  return (_request: Request, response: Response, next: NextFunction): void => {
    response.setHeader('Content-Security-Policy', policy);
    next();
  };
}
