import type { ChatLocation } from '../model/incident.js';
import type { Participant } from '../model/participant.js';

/** Who runs a command, and where. Connectors build it from the platform event. */
export interface CommandContext {
  readonly actor: Participant;
  /** The channel or conversation the command came from; inside an incident's space it implies the incident. */
  readonly location: ChatLocation | null;
  /** The platform's message or interaction id: a retried delivery with the same key applies once. */
  readonly idempotencyKey?: string;
  /** Holds a configured admin role (or an API token): may close and publish without being the lead. */
  readonly privileged?: boolean;
  /** Display names of users mentioned in the command, keyed by participant id. */
  readonly mentioned?: Readonly<Record<string, string>>;
}
