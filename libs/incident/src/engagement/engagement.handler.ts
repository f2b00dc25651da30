import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { Incident } from '../model/incident.js';
import { message, type NeutralMessage } from '../model/neutral-message.js';
import type { Command } from '../commands/command.js';
import type { CommandScope } from '../commands/command-scope.js';
import { utc } from '../review/review-document.js';
import {
  callProviderFor,
  callUrlFrom,
  isOpenPage,
  pageTargetFor,
  pageTargetName,
  samePageTarget,
  type IncidentCall,
  type Page,
} from './engagement.js';

/** `page [INC-n] [service]`: pages the on-call lead once per pager and service while the incident is open. */
export async function pageLead(
  scope: CommandScope,
  command: Extract<Command, { kind: 'page' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  refuseUnlessActive(incident);
  const target = pageTargetFor(scope.settings.engagement.paging, command.service);
  const name = pageTargetName(target);
  const earlier = incident.pages?.find((page) => isOpenPage(page) && samePageTarget(page, target));
  if (earlier) {
    const acknowledged = earlier.acknowledgedAt
      ? ` ${earlier.acknowledgedBy ?? 'Someone'} acknowledged it at ${utc(earlier.acknowledgedAt)}.`
      : ' Nobody has acknowledged it yet.';
    return message(`${incident.ref} already paged ${name} at ${utc(earlier.pagedAt)}.${acknowledged}`, {
      incidentRef: incident.ref,
      visibility: 'private',
    });
  }
  const page: Page = {
    ...target,
    pagedAt: scope.now,
    pagedBy: scope.actor,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
  };
  const saved = await scope.saveIncident(
    incident,
    { ...incident, pages: [...(incident.pages ?? []), page] },
    'incident.changed',
    {
      change: 'paged',
    },
  );
  scope.event('page.requested', saved.ref, { pager: page.pager, service: page.service });
  scope.timeline(saved, 'paged', `${scope.actor.displayName} paged the on-call lead through ${name}`, {
    data: { pager: page.pager, service: page.service },
  });
  return message(`Paged the on-call lead of ${saved.ref} through ${name}.`, {
    tone: 'success',
    incidentRef: saved.ref,
  });
}

/**
 * A pager says the page was acknowledged: logged once, and the incident counts as acknowledged from then on
 * unless a lead took it earlier (the milestone never moves). A repeat finds nothing left to acknowledge.
 */
export async function acknowledgePage(
  scope: CommandScope,
  command: Extract<Command, { kind: 'page_acknowledged' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  const pages = incident.pages ?? [];
  const waiting = (page: Page) => page.pager === command.pager && isOpenPage(page) && !page.acknowledgedAt;
  if (!pages.some(waiting))
    return message(`${incident.ref} has no page waiting for acknowledgement.`, { incidentRef: incident.ref });
  // The pager's clock may run ahead of ours; an acknowledgement is never in the future.
  const at = command.at.getTime() < scope.now.getTime() ? command.at : scope.now;
  const acknowledged = pages.map((page) =>
    waiting(page) ? { ...page, acknowledgedAt: at, acknowledgedBy: command.by } : page,
  );
  const saved = await scope.saveIncident(
    incident,
    { ...incident, pages: acknowledged, acknowledgedAt: incident.acknowledgedAt ?? at },
    'incident.changed',
    { change: 'page_acknowledged' },
  );
  const pager = command.pager === 'pagerduty' ? 'PagerDuty' : 'the pager';
  scope.timeline(saved, 'page_acknowledged', `${command.by} acknowledged the page on ${pager}`, {
    at,
    data: { pager: command.pager, by: command.by },
  });
  return message(`${command.by} acknowledged the page for ${saved.ref}.`, { incidentRef: saved.ref });
}

/**
 * `call [INC-n]`: opens the incident's call once. A configured link is known at once; a Discord voice channel or
 * a Teams meeting is opened by its connector from the outbox, which then attaches its link. Asking again answers
 * with the same call.
 */
export async function openCall(
  scope: CommandScope,
  command: Extract<Command, { kind: 'call' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  if (incident.call) return callAnswer(incident, incident.call);
  if (incident.status === 'closed')
    throw new IncidentError(
      IncidentErrorCode.IllegalTransition,
      `${incident.ref} is closed; its call is over.`,
    );
  const calls = scope.settings.engagement.calls;
  const provider = callProviderFor(calls, incident, scope.context.location?.platform ?? null);
  if (!provider)
    throw IncidentError.invalid(
      'call',
      'No way to open a call is configured: set CALL_URL_TEMPLATE on the gateway (e.g. ' +
        '`https://meet.jit.si/firebreak-{ref}`), or run `call` in the incident channel on Discord or Teams.',
    );
  const url = provider === 'link' && calls.urlTemplate ? callUrlFrom(calls.urlTemplate, incident) : null;
  const call: IncidentCall = {
    provider,
    url,
    requestedAt: scope.now,
    requestedBy: scope.actor,
    endedAt: null,
  };
  const saved = await scope.saveIncident(incident, { ...incident, call }, 'incident.changed', {
    change: 'call',
  });
  if (url) logCallOpened(scope, saved, url);
  else scope.event('call.requested', saved.ref, { provider });
  return callAnswer(saved, call);
}

export function logCallOpened(scope: CommandScope, incident: Incident, url: string): void {
  scope.timeline(incident, 'call_opened', `Call opened: ${url}`, {
    data: { provider: incident.call?.provider ?? 'link', url },
  });
}

function callAnswer(incident: Incident, call: IncidentCall): NeutralMessage {
  if (!call.url)
    return message(`The call for ${incident.ref} is being opened; its link will be on the headline.`, {
      incidentRef: incident.ref,
    });
  const over = call.endedAt ? ' (ended with the incident)' : '';
  return message(`Call for ${incident.ref}${over}: ${call.url}`, {
    incidentRef: incident.ref,
    tone: 'success',
  });
}

function refuseUnlessActive(incident: Incident): void {
  if (incident.status !== 'resolved' && incident.status !== 'closed') return;
  const hint = incident.status === 'resolved' ? ' Reopen it first if it is not over.' : '';
  throw new IncidentError(
    IncidentErrorCode.IllegalTransition,
    `${incident.ref} is ${incident.status}: only an open incident pages its on-call lead.${hint}`,
  );
}

/**
 * A connector opened the call it was asked for (`call.requested`): its link becomes the incident's, once. A
 * connector that could not open it passes null, and the call falls back to the configured link, or is dropped
 * so `call` can be asked again.
 */
export async function attachCallLink(
  scope: CommandScope,
  ref: string,
  url: string | null,
): Promise<Incident> {
  const incident = await scope.incidentByRef(ref);
  const call = incident.call;
  if (!call || call.url) return incident;
  const template = scope.settings.engagement.calls.urlTemplate;
  const link = url ?? (template ? callUrlFrom(template, incident) : null);
  const opened: IncidentCall | null = link
    ? { ...call, url: link, provider: url ? call.provider : 'link' }
    : null;
  const saved = await scope.saveIncident(incident, { ...incident, call: opened }, 'incident.changed', {
    change: 'call',
  });
  if (link) logCallOpened(scope, saved, link);
  else
    scope.timeline(
      saved,
      'note',
      `The call could not be opened on ${call.provider}; ask again with \`call\`.`,
    );
  return saved;
}
