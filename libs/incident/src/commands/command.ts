import type { ComponentStatus } from '../model/component.js';
import type { SettableStatus } from '../model/incident-status.js';
import type { AssignableRole } from '../model/role.js';
import type { PublicImpact } from '../model/public-impact.js';
import type { Severity } from '../model/severity.js';
import type { PinnedMessage } from '../model/timeline-entry.js';
import type { RequestedTime } from '../model/requested-time.js';
import type { PastTimes } from './declare-command.js';

/** Public update text: written out, or the name of a configured template (`update template investigating`). */
export type UpdateBody =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'template'; readonly name: string };
import type { ReviewSection } from '../review/review.js';
import type { PagerKind } from '../engagement/engagement.js';

/** `ref` is null when the command names no incident: the incident channel it was sent in implies it. */
interface OnIncident {
  readonly ref: string | null;
}
type TextCommand<K extends string> = OnIncident & { readonly kind: K; readonly text: string };
type BareCommand<K extends string> = OnIncident & { readonly kind: K };
type MessageCommand<K extends string> = OnIncident & { readonly kind: K; readonly message: PinnedMessage };

/**
 * One command of the command language, already parsed. Chat text, Discord options, Teams cards and the
 * HTTP API all end up here, so every platform shares one set of handlers.
 */
export type Command =
  | {
      readonly kind: 'declare';
      readonly title: string;
      /** What customers will read, when the declarer chose it already. */
      readonly publicTitle?: string;
      readonly publicImpact?: PublicImpact;
      readonly summary?: string;
      readonly impact?: string;
      readonly severity?: Severity;
      /** Declared from alerts: when they started (the incident starts at the earliest, see `startOf`). */
      readonly startedAt?: Date;
      /** Recorded after it happened (`declare --past`): when it started and, if over, was resolved. */
      readonly past?: PastTimes;
      /** Visible only to invited people and administrators (`declare --private`). */
      readonly private?: boolean;
      /** Declared from alerts: the components a routing rule names, by id. */
      readonly componentIds?: readonly string[];
    }
  | TextCommand<'title'>
  | (OnIncident & {
      readonly kind: 'public_title';
      /** Null: adopt the incident's title as it stands (`public-title --confirm`). */
      readonly text: string | null;
    })
  | (OnIncident & { readonly kind: 'public_impact'; readonly impact: PublicImpact })
  | (OnIncident & { readonly kind: 'invite' | 'uninvite'; readonly users: readonly string[] })
  | (OnIncident & {
      readonly kind: 'access';
      /** true: make it private; false (`private --public`): visible to every responder again. */
      readonly private: boolean;
    })
  | TextCommand<'summary'>
  | TextCommand<'impact'>
  | TextCommand<'action'>
  | TextCommand<'note'>
  | (OnIncident & { readonly kind: 'severity'; readonly severity: Severity })
  | (OnIncident & { readonly kind: 'status'; readonly status: SettableStatus })
  | (OnIncident & {
      readonly kind: 'role';
      readonly role: AssignableRole;
      /** Who is to hold the role; null: the one who runs the command. */
      readonly user: string | null;
      /** Moving a role someone else holds happens only when confirmed (`lead @Bob --confirm`). */
      readonly confirm?: boolean;
    })
  | (OnIncident & { readonly kind: 'unassign'; readonly role: AssignableRole })
  | (OnIncident & {
      readonly kind: 'followup';
      readonly text: string;
      readonly owner: string | null;
      readonly dueAt: Date | null;
    })
  | { readonly kind: 'done'; readonly itemId: number }
  | (OnIncident & { readonly kind: 'update'; readonly body: string })
  | (OnIncident & { readonly kind: 'update_template'; readonly template: string })
  | (OnIncident & { readonly kind: 'update_later'; readonly body: UpdateBody; readonly when: RequestedTime })
  | (OnIncident & { readonly kind: 'update_draft'; readonly body: UpdateBody })
  | BareCommand<'updates'>
  | { readonly kind: 'cancel_update'; readonly id: number }
  | { readonly kind: 'approve'; readonly draftId: number }
  | (OnIncident & { readonly kind: 'snooze'; readonly until: RequestedTime })
  | BareCommand<'components_operational'>
  | (OnIncident & {
      readonly kind: 'component';
      readonly component: string;
      readonly status: ComponentStatus;
    })
  | BareCommand<'resolve'>
  | BareCommand<'reopen'>
  | (OnIncident & { readonly kind: 'close'; readonly override: string | null })
  | BareCommand<'show'>
  | MessageCommand<'pin'>
  | MessageCommand<'unpin'>
  | (OnIncident & { readonly kind: 'review'; readonly section: ReviewSection; readonly text: string })
  | BareCommand<'review_done'>
  | BareCommand<'review_refresh'>
  | (OnIncident & { readonly kind: 'review_schedule'; readonly when: RequestedTime })
  | { readonly kind: 'followups' }
  | (OnIncident & { readonly kind: 'publish'; readonly confirm: boolean })
  | BareCommand<'unpublish'>
  | (OnIncident & {
      readonly kind: 'page';
      /** The service or escalation policy to page; null: the pager's default. */
      readonly service: string | null;
    })
  | BareCommand<'call'>
  | (OnIncident & {
      /** A pager said someone acknowledged the page (not typed: PagerDuty's signed webhook). */
      readonly kind: 'page_acknowledged';
      readonly pager: PagerKind;
      /** Who acknowledged, as the pager names them. */
      readonly by: string;
      readonly at: Date;
    })
  | { readonly kind: 'list' }
  | { readonly kind: 'help'; readonly topic: string | null };

/**
 * A command typed where an incident is implied (its page on the site, as in its chat channel) acts on that
 * incident unless it names another.
 */
export function onImpliedIncident(command: Command, ref: string): Command {
  if (!('ref' in command) || command.ref !== null) return command;
  return { ...command, ref };
}
