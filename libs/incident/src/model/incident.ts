import type { IncidentStatus } from './incident-status.js';
import type { Participant, Platform } from './participant.js';
import type { PublicImpact } from './public-impact.js';
import type { Role } from './role.js';
import type { Severity } from './severity.js';
import type { IncidentCall, Page } from '../engagement/engagement.js';
import { slugOf } from './write-up.js';

/** Where something lives on a chat platform: a channel (Discord) or a conversation (Teams). */
export interface ChatLocation {
  readonly platform: Platform;
  /** Platform-scoped id: the Discord channel id, or the Teams conversation id. */
  readonly channelId: string;
}

/** The dedicated channel or conversation opened for an incident, and its headline post. */
export interface IncidentSpace extends ChatLocation {
  readonly headlineMessageId: string | null;
  readonly announcementMessageId: string | null;
  readonly url: string | null;
}

export type RoleHolders = Readonly<Partial<Record<Role, Participant>>>;

export interface Incident {
  readonly ref: string;
  readonly number: number;
  /** The responders' name for the incident; never shown to customers. */
  readonly title: string;
  /**
   * The name customers read (status page, feeds, webhooks, emails): chosen by the communications lead, or the
   * title once they confirmed it. Null until then, and nothing public can be published without it.
   */
  readonly publicTitle: string | null;
  /** The impact customers are shown; null until the communications lead chooses one (shown as `none`). */
  readonly publicImpact: PublicImpact | null;
  readonly summary: string | null;
  readonly impact: string | null;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly roles: RoleHolders;
  readonly componentIds: readonly string[];
  readonly declaredAt: Date;
  /**
   * When the incident began, from which its durations are measured: the earliest start of the alerts it was
   * declared from, else when it was declared. Never after `declaredAt`.
   */
  readonly startedAt: Date;
  readonly updatedAt: Date;
  /**
   * When the incident was first acknowledged: an Incident Lead assigned (`withMilestones`) or a page acknowledged
   * on the pager, whichever came first; kept when the lead hands over or leaves.
   */
  readonly acknowledgedAt: Date | null;
  /** When the status first reached monitoring, resolved or closed; kept when reopened (`withMilestones`). */
  readonly mitigatedAt: Date | null;
  /** The resolution that stands: cleared when the incident is reopened, set again when resolved again. */
  readonly resolvedAt: Date | null;
  readonly closedAt: Date | null;
  /**
   * Recorded after it happened (`declare --past`): it has no channel, pings nobody and is never reminded
   * about; its timeline starts when it started.
   */
  readonly retrospective: boolean;
  /** Visible only to its invitees and administrators (`declare --private`); never on the status page. */
  readonly private: boolean;
  /** Who may see a private incident besides administrators; its reporter is always among them. */
  readonly invitees: readonly Participant[];
  readonly declaredIn: ChatLocation;
  readonly spaces: readonly IncidentSpace[];
  /** Pages of the on-call lead, oldest first; absent: never paged. */
  readonly pages?: readonly Page[];
  /** The incident's call (voice channel, meeting or link); absent or null: none asked for. */
  readonly call?: IncidentCall | null;
  /** Optimistic-concurrency counter, bumped on every change. */
  readonly version: number;
}

export const refOf = (incidentNumber: number): string => `INC-${incidentNumber}`;

/**
 * The name of an incident's dedicated channel, `inc-<n>-<slug of the title>`, within a platform's length
 * limit: lowercase letters, digits and dashes only, which every platform accepts in a channel name.
 */
export function incidentSpaceName(incident: Pick<Incident, 'number' | 'title'>, maxLength: number): string {
  const prefix = `inc-${incident.number}`;
  const slug = slugOf(incident.title, maxLength - prefix.length - 1);
  return slug ? `${prefix}-${slug}` : prefix;
}

/**
 * An incident's start: the earliest of the given starts (alerts' `startsAt`), but never after it was declared,
 * so a sender's clock running ahead cannot make durations negative.
 */
export function startOf(declaredAt: Date, starts: readonly Date[] = []): Date {
  let earliest = declaredAt;
  for (const start of starts) if (start.getTime() < earliest.getTime()) earliest = start;
  return new Date(earliest.getTime());
}

const REF = /^INC-(\d{1,9})$/i;

export function parseRef(value: string): string | null {
  const match = REF.exec(value.trim());
  return match ? refOf(Number(match[1])) : null;
}
