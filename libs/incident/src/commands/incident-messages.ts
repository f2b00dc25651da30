import type { ActionItem } from '../model/action-item.js';
import type { Component } from '../model/component.js';
import type { Incident } from '../model/incident.js';
import {
  message,
  type MessageButton,
  type MessageField,
  type NeutralMessage,
} from '../model/neutral-message.js';
import { mentionOf, namesOf } from '../model/participant.js';
import { PublicLinks } from '../model/public-links.js';
import { ROLE_TITLES, ROLES } from '../model/role.js';
import { utc } from '../review/review-document.js';

const SEVERITY_TONE = { critical: 'error', major: 'warning', minor: 'info' } as const;

/** Offered wherever an incident may be over: on its headline, and when its alerts resolve. */
export const RESOLVE_BUTTON: MessageButton = {
  label: 'Resolve',
  intent: { kind: 'resolve' },
  style: 'success',
};

/** The buttons on an incident's headline: the things people most often do next. */
export const HEADLINE_BUTTONS: readonly MessageButton[] = [
  { label: 'Take lead', intent: { kind: 'take_role', role: 'lead' }, style: 'primary' },
  { label: 'Take scribe', intent: { kind: 'take_role', role: 'scribe' }, style: 'secondary' },
  { label: 'Take comms', intent: { kind: 'take_role', role: 'comms' }, style: 'secondary' },
  { label: 'Post update', intent: { kind: 'post_update' }, style: 'secondary' },
  RESOLVE_BUTTON,
];

/** The components there are, for naming an incident's components (which it holds by id). */
export type ComponentNames = readonly Pick<Component, 'id' | 'name'>[];

/**
 * The headline post kept current in the incident channel; also the answer to `show`. `components` names the
 * incident's components: pass `IncidentService.components()`.
 */
export function incidentHeadline(
  incident: Incident,
  components: ComponentNames,
  documentUrl: string | null = null,
): NeutralMessage {
  const open = incident.status !== 'resolved' && incident.status !== 'closed';
  return message(incident.summary ?? '_No summary yet: set one with `summary <text>`._', {
    title: `${incident.ref}: ${incident.title}`,
    fields: [...headlineFields(incident, components), ...documentField(documentUrl)],
    buttons: open ? HEADLINE_BUTTONS : [],
    tone: open ? SEVERITY_TONE[incident.severity] : 'success',
    incidentRef: incident.ref,
    people: participantNames(incident),
  });
}

function headlineFields(incident: Incident, components: ComponentNames): MessageField[] {
  const roles = ROLES.map((role) => {
    const holder = incident.roles[role];
    return { name: ROLE_TITLES[role], value: holder ? mentionOf(holder) : '_unassigned_', inline: true };
  });
  return [
    { name: 'Severity', value: incident.severity, inline: true },
    { name: 'Status', value: incident.status, inline: true },
    ...startField(incident),
    { name: 'Impact', value: incident.impact ?? '_unknown_' },
    ...roles,
    ...(incident.componentIds.length
      ? [{ name: 'Components', value: componentNamesOf(incident, components).join(', ') }]
      : []),
    ...spaceLinks(incident),
  ];
}

function componentNamesOf(incident: Incident, components: ComponentNames): string[] {
  const names = new Map(components.map((component) => [component.id, component.name]));
  return incident.componentIds.map((id) => names.get(id) ?? id);
}

/** When it began, shown once that is known to be before it was declared (its alerts started earlier). */
function startField(incident: Incident): MessageField[] {
  if (incident.startedAt.getTime() >= incident.declaredAt.getTime()) return [];
  return [{ name: 'Started', value: utc(incident.startedAt), inline: true }];
}

/** Where else the incident is being worked: its channel or thread on each platform that has a link. */
function spaceLinks(incident: Incident): MessageField[] {
  const links = incident.spaces
    .filter((space) => space.url)
    .map((space) => `${space.platform}: ${space.url}`);
  return links.length ? [{ name: 'Links', value: links.join('\n') }] : [];
}

/** The incident's living document on the responders' site, when the site has a base URL. */
function documentField(documentUrl: string | null): MessageField[] {
  return documentUrl ? [{ name: 'Document', value: documentUrl }] : [];
}

/** One line per incident, for `list` and announcements. */
export function incidentLine(incident: Incident): string {
  const lead = incident.roles.lead ? ` — lead ${mentionOf(incident.roles.lead)}` : '';
  return `**${incident.ref}** ${incident.title} (${incident.severity}, ${incident.status})${lead}`;
}

/** The post in the incidents channel that points at the incident's own channel. */
export function incidentAnnouncement(
  incident: Incident,
  spaceUrl: string | null,
  documentUrl: string | null = null,
): NeutralMessage {
  const document = documentUrl ? `\nDocument: ${documentUrl}` : '';
  const where = (spaceUrl ? `\nJoin the response: ${spaceUrl}` : '') + document;
  const reporter = incident.roles.reporter ? ` by ${mentionOf(incident.roles.reporter)}` : '';
  const pending =
    incident.status === 'resolved'
      ? '\nStays resolved until its post-incident review is done and its follow-ups are closed (`followups`).'
      : '';
  return message(`${incidentLine(incident)}\nDeclared${reporter}.${pending}${where}`, {
    title: announcementTitle(incident),
    tone:
      incident.status === 'resolved' || incident.status === 'closed'
        ? 'success'
        : SEVERITY_TONE[incident.severity],
    incidentRef: incident.ref,
    people: participantNames(incident),
  });
}

/**
 * The note left where an incident was declared, once its channel or thread exists, when that is somewhere
 * else: the link to join the response.
 */
export function incidentSpaceNote(incident: Incident, spaceUrl: string): NeutralMessage {
  return message(
    `**${incident.ref}** ${incident.title} is worked in its own space. Join the response: ${spaceUrl}`,
    {
      incidentRef: incident.ref,
    },
  );
}

function announcementTitle(incident: Incident): string {
  if (incident.status === 'closed') return `Closed: ${incident.ref}`;
  if (incident.status === 'resolved') return `Resolved: ${incident.ref}`;
  return `Incident declared: ${incident.ref}`;
}

/** One line per action or follow-up; a message listing them names their owners with `ownerNames`. */
export function actionItemLine(item: ActionItem): string {
  const owner = item.owner ? ` — ${mentionOf(item.owner)}` : '';
  const due = item.dueAt ? ` (due ${item.dueAt.toISOString().slice(0, 10)})` : '';
  const state = item.state === 'done' ? '✅' : '⬜';
  return `${state} #${item.id} ${item.text}${owner}${due}`;
}

/** The display names of the owners `actionItemLine` mentions. */
export const ownerNames = (items: readonly ActionItem[]): Record<string, string> =>
  namesOf(items.map((item) => item.owner));

/** Display names of the people holding the incident's roles, by participant id, for connectors' mentions. */
export function participantNames(incident: Incident | null): Record<string, string> {
  return namesOf(Object.values(incident?.roles ?? {}));
}

/** Where customers read an incident on the public status page. */
const publicIncidentUrl = (statusPageUrl: string, ref: string): string =>
  new PublicLinks(statusPageUrl).incident(ref);

/** A published update as echoed in the incident's channel: its text, and a link to where customers read it. */
export function publicUpdateEcho(ref: string, body: string, statusPageUrl: string | null): NeutralMessage {
  const link = statusPageUrl ? `\n\nOn the status page: ${publicIncidentUrl(statusPageUrl, ref)}` : '';
  return message(`${body}${link}`, { title: `Public update on ${ref}`, incidentRef: ref });
}
