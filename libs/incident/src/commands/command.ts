import type { ComponentStatus } from '../model/component.js';
import type { SettableStatus } from '../model/incident-status.js';
import type { AssignableRole } from '../model/role.js';
import type { Severity } from '../model/severity.js';
import type { PinnedMessage } from '../model/timeline-entry.js';

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
      readonly summary?: string;
      readonly impact?: string;
      readonly severity?: Severity;
    }
  | TextCommand<'summary'>
  | TextCommand<'impact'>
  | TextCommand<'action'>
  | TextCommand<'note'>
  | (OnIncident & { readonly kind: 'severity'; readonly severity: Severity })
  | (OnIncident & { readonly kind: 'status'; readonly status: SettableStatus })
  | (OnIncident & { readonly kind: 'role'; readonly role: AssignableRole; readonly user: string | null })
  | (OnIncident & { readonly kind: 'unassign'; readonly role: AssignableRole })
  | (OnIncident & {
      readonly kind: 'followup';
      readonly text: string;
      readonly owner: string | null;
      readonly dueAt: Date | null;
    })
  | { readonly kind: 'done'; readonly itemId: number }
  | (OnIncident & { readonly kind: 'update'; readonly body: string })
  | (OnIncident & {
      readonly kind: 'component';
      readonly component: string;
      readonly status: ComponentStatus;
    })
  | BareCommand<'resolve'>
  | BareCommand<'reopen'>
  | BareCommand<'close'>
  | BareCommand<'show'>
  | MessageCommand<'pin'>
  | MessageCommand<'unpin'>
  | { readonly kind: 'list' }
  | { readonly kind: 'help'; readonly topic: string | null };

export type CommandKind = Command['kind'];
