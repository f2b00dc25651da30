import type { Request, Response } from 'express';
import { parseRef } from '@firebreak/incident';
import { cookiesOf, ZONE_COOKIE } from './site-cookies.js';
import { DEFAULT_ZONE, readZone } from './time-zone.js';

/** `INC-7` in any case; anything else names no incident, and the domain answers 404 in its own words. */
export const refOf = (value: string): string => parseRef(value) ?? value.slice(0, 20);

/** The zone the viewer chose (a cookie the selector or the page's script set), else UTC. */
export const rememberedZone = (request: Request): string =>
  readZone(cookiesOf(request.headers.cookie).get(ZONE_COOKIE)) ?? DEFAULT_ZONE;

/** A page for one signed-in person: never stored by a cache. */
export function sendPage(response: Response, status: number, html: string): void {
  response.status(status).setHeader('Cache-Control', 'no-store').type('html').send(html);
}
