import { HttpProblem, problem } from '@firebreak/operations';
import type { NextFunction, Request, Response } from 'express';

/**
 * What the gateway can read: JSON (the API, Discord and Teams) and HTML form posts (the status page's
 * subscribe form; RFC 8058 one-click unsubscribes are form posts too, urlencoded or multipart).
 */
const READABLE_MEDIA_TYPES = [
  'application/json',
  '+json',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
];

/** A body of any other type is refused with 415 before a handler could mistake it for an empty one. */
export function refuseUnreadableBodies(request: Request, _response: Response, next: NextFunction): void {
  if (!hasContent(request) || request.is(READABLE_MEDIA_TYPES)) return next();
  const given = request.headers['content-type'] ?? 'none';
  next(
    new HttpProblem(problem(415, `A request body of type ${given} cannot be read; send application/json.`)),
  );
}

/** An empty POST (`Content-Length: 0`, as one-click unsubscribes and bodiless actions send) has nothing to read. */
function hasContent(request: Request): boolean {
  const length = request.headers['content-length'];
  return length === undefined ? request.headers['transfer-encoding'] !== undefined : Number(length) > 0;
}
