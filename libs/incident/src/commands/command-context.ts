import type { ChatLocation } from '../model/incident.js';
import type { Participant } from '../model/participant.js';

/** Who runs a command, and where. Connectors build it from the platform event. */
export interface CommandContext {
  readonly actor: Participant;
  /** The channel or conversation the command came from; inside an incident's space it implies the incident. */
  readonly location: ChatLocation | null;
  /** The platform's message or interaction id: a retried delivery with the same key applies once. */
  readonly idempotencyKey?: string;
  /** An API caller's key applies within this scope, to this request only. */
  readonly idempotencyScope?: IdempotencyScope;
  /** An administrator (a configured admin role, or an API token): may do everything the permission policy reserves. */
  readonly privileged?: boolean;
  /**
   * False: sees no private incident, even as an administrator (an API token limited to non-private incidents).
   * Left out: administrators see every incident.
   */
  readonly privateAccess?: boolean;
  /** Display names of users mentioned in the command, keyed by participant id. */
  readonly mentioned?: Readonly<Record<string, string>>;
}

/**
 * Where an API caller's `Idempotency-Key` applies, and what it was sent with: the key is the caller's own on one
 * route, and reusing it for a different request is refused rather than answered with the first one's result.
 */
export interface IdempotencyScope {
  /** Caller and route, e.g. `api:ops POST /api/v1/incidents/:ref/status`. */
  readonly scope: string;
  /** A hash of the request (route parameters and body). */
  readonly requestHash: string;
}
