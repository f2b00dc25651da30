import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { Command, UpdateBody } from '../commands/command.js';
import type { CommandScope } from '../commands/command-scope.js';
import { changeComponentStatus, publishUpdate } from '../commands/handlers/public-communication.handler.js';
import { requirePublic, requirePublicTitle } from '../commands/handlers/public-facts.handler.js';
import { requireNotClosed } from '../commands/handlers/closed-incident.js';
import type { Incident } from '../model/incident.js';
import { message, notifying, type MessageButton, type NeutralMessage } from '../model/neutral-message.js';
import { mentionOf, namesOf } from '../model/participant.js';
import type { IncidentStores } from '../ports/repositories.js';
import type { CommunicationsStores, ScheduledUpdate } from './communications.js';
import { describeInstant, resolveTime, type TimeLimit } from '../model/requested-time.js';

/** The text a body stands for: as written, or the configured template's (unknown names are refused). */
async function updateText(stores: CommunicationsStores, body: UpdateBody): Promise<string> {
  if (body.kind === 'text') return body.text;
  const text = await stores.templates.find(body.name);
  if (text !== null) return text;
  const names = Object.keys(await stores.templates.list());
  throw IncidentError.invalid(
    'template',
    `There is no update template "${body.name}". ${names.length ? `Templates: ${names.join(', ')}.` : 'None are configured.'}`,
  );
}

const SCHEDULED_UPDATES: TimeLimit = {
  maxAheadMs: 30 * 86_400_000,
  refusal: 'Updates can be scheduled',
};
const SNOOZE: TimeLimit = { maxAheadMs: 86_400_000, refusal: 'Reminders can be snoozed' };

/** `update template <name>`: publishes a configured text now. */
export async function publishTemplate(
  scope: CommandScope,
  command: Extract<Command, { kind: 'update_template' }>,
): Promise<NeutralMessage> {
  const body = await updateText(scope.stores.communications, { kind: 'template', name: command.template });
  return publishUpdate(scope, { kind: 'update', ref: command.ref, body });
}

/** `update <text> at <time>` / `in <duration>`: stores the update for the gateway's scheduler. */
export async function scheduleUpdate(
  scope: CommandScope,
  command: Extract<Command, { kind: 'update_later' }>,
): Promise<NeutralMessage> {
  const stores = scope.stores.communications;
  const incident = await scope.incident(command.ref);
  requireNotClosed(incident, 'schedule updates');
  scope.require('update', { incident });
  requirePublic(incident);
  requirePublicTitle(incident);
  const body = await updateText(stores, command.body);
  const publishAt = resolveTime(command.when, scope.now, SCHEDULED_UPDATES);
  const zone = command.when.kind === 'at' ? command.when.zone : null;
  const scheduled = await stores.scheduled.add({
    incidentRef: incident.ref,
    body,
    publishAt,
    zone,
    author: scope.actor,
    createdAt: scope.now,
  });
  scope.made({ kind: 'scheduled_update', scheduled });
  const when = describeInstant(publishAt, zone);
  scope.timeline(incident, 'note', `Public update #${scheduled.id} scheduled for ${when}: ${body}`, {
    data: { scheduledUpdateId: scheduled.id },
  });
  return message(`Update #${scheduled.id} will be published at ${when}:\n${body}`, {
    title: `Update scheduled on ${incident.ref}`,
    tone: 'success',
    incidentRef: incident.ref,
    buttons: [
      { label: 'Cancel it', intent: { kind: 'cancel_scheduled_update', id: scheduled.id }, style: 'danger' },
    ],
  });
}

/** `updates`: scheduled updates and proposed drafts of the incident. */
export async function listUpdates(
  scope: CommandScope,
  command: Extract<Command, { kind: 'updates' }>,
): Promise<NeutralMessage> {
  const stores = scope.stores.communications;
  const incident = await scope.incident(command.ref);
  const scheduled = await stores.scheduled.listScheduled(incident.ref);
  const drafts = await stores.drafts.listProposed(incident.ref);
  const fields = [
    ...(scheduled.length ? [{ name: 'Scheduled', value: scheduled.map(scheduledLine).join('\n') }] : []),
    ...(drafts.length
      ? [
          {
            name: 'Drafts awaiting approval',
            value: drafts.map((d) => `#${d.id} by ${mentionOf(d.author)}: ${d.body}`).join('\n'),
          },
        ]
      : []),
  ];
  const text = fields.length
    ? ''
    : 'No scheduled updates or drafts. Schedule one with `update --in 30m <text>`.';
  return message(text, {
    title: `Updates of ${incident.ref}`,
    fields,
    visibility: 'private',
    incidentRef: incident.ref,
    people: namesOf(drafts.map((draft) => draft.author)),
  });
}

function scheduledLine(update: ScheduledUpdate): string {
  return `#${update.id} at ${describeInstant(update.publishAt, update.zone)}: ${update.body}`;
}

/** `cancel update <id>` */
export async function cancelUpdate(
  scope: CommandScope,
  command: Extract<Command, { kind: 'cancel_update' }>,
): Promise<NeutralMessage> {
  const stores = scope.stores.communications;
  const scheduled = await stores.scheduled.findById(command.id);
  if (!scheduled)
    throw new IncidentError(
      IncidentErrorCode.NotFound,
      `There is no scheduled update #${command.id}. See \`updates\`.`,
      'id',
    );
  const incident = await scope.incidentByRef(scheduled.incidentRef);
  scope.require('update', { incident });
  if (!(await stores.scheduled.settle(scheduled.id, 'cancelled', scope.now))) {
    const state = (await stores.scheduled.findById(scheduled.id))?.state ?? scheduled.state;
    throw new IncidentError(
      IncidentErrorCode.IllegalTransition,
      `Update #${scheduled.id} was already ${state}; there is nothing to cancel.`,
      'id',
    );
  }
  scope.timeline(incident, 'note', `Scheduled public update #${scheduled.id} cancelled.`, {
    data: { scheduledUpdateId: scheduled.id },
  });
  return message(`Update #${scheduled.id} is cancelled and will not be published.`, {
    tone: 'success',
    incidentRef: incident.ref,
  });
}

/** `update --draft <text>`: the lead or scribe proposes; the comms lead approves. */
export async function proposeDraft(
  scope: CommandScope,
  command: Extract<Command, { kind: 'update_draft' }>,
): Promise<NeutralMessage> {
  const stores = scope.stores.communications;
  const incident = await scope.incident(command.ref);
  requireNotClosed(incident, 'propose updates');
  scope.require('update_draft', { incident });
  const body = await updateText(stores, command.body);
  const draft = await stores.drafts.add({
    incidentRef: incident.ref,
    body,
    author: scope.actor,
    createdAt: scope.now,
  });
  scope.made({ kind: 'update_draft', draft });
  const approver = incident.roles.comms ?? incident.roles.lead;
  const ask = approver
    ? `${mentionOf(approver)}, please approve or edit it.`
    : 'Nobody holds comms or lead to approve it yet.';
  return message(`Draft #${draft.id} for the status page:\n> ${body}\n${ask}`, {
    title: `Update proposed on ${incident.ref}`,
    incidentRef: incident.ref,
    ...notifying([approver]),
    buttons: [
      { label: 'Approve and publish', intent: { kind: 'approve_draft', id: draft.id }, style: 'primary' },
      { label: 'Write my own', intent: { kind: 'post_update' }, style: 'secondary' },
    ],
  });
}

/** `approve <id>`: whoever may publish updates (the comms lead) publishes a draft. */
export async function approveDraft(
  scope: CommandScope,
  command: Extract<Command, { kind: 'approve' }>,
): Promise<NeutralMessage> {
  const stores = scope.stores.communications;
  const draft = await stores.drafts.findById(command.draftId);
  if (!draft)
    throw new IncidentError(IncidentErrorCode.NotFound, `There is no draft #${command.draftId}.`, 'id');
  const incident = await scope.incidentByRef(draft.incidentRef);
  scope.require('update', { incident });
  if (!(await stores.drafts.approve(draft.id, scope.actor, scope.now))) {
    throw new IncidentError(
      IncidentErrorCode.IllegalTransition,
      `Draft #${draft.id} was already published.`,
      'id',
    );
  }
  return publishUpdate(scope, { kind: 'update', ref: incident.ref, body: draft.body });
}

/** `snooze <duration>`: no reminders for the incident until then. */
export async function snoozeReminders(
  scope: CommandScope,
  command: Extract<Command, { kind: 'snooze' }>,
): Promise<NeutralMessage> {
  const stores = scope.stores.communications;
  const incident = await scope.incident(command.ref);
  scope.require('snooze', { incident });
  const until = resolveTime(command.until, scope.now, SNOOZE);
  await stores.reminders.snooze(incident.ref, until);
  return message(`Reminders for ${incident.ref} are snoozed until ${describeInstant(until)}.`, {
    incidentRef: incident.ref,
  });
}

/** `components operational`: every component of the incident back to operational. */
export async function componentsOperational(
  scope: CommandScope,
  command: Extract<Command, { kind: 'components_operational' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  const names: string[] = [];
  for (const id of incident.componentIds) {
    const component = await scope.stores.components.findById(id);
    if (!component || component.status === 'operational') continue;
    await changeComponentStatus(scope, {
      kind: 'component',
      ref: incident.ref,
      component: component.name,
      status: 'operational',
    });
    names.push(component.name);
  }
  if (names.length === 0) scope.require('component', { incident });
  const text = names.length
    ? `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} operational again.`
    : `All components of ${incident.ref} are already operational.`;
  return message(text, { tone: 'success', incidentRef: incident.ref });
}

/** The button offered when an incident is resolved while some of its components are still degraded. */
async function componentsBackButton(
  stores: IncidentStores,
  incident: Incident,
): Promise<MessageButton | null> {
  if (incident.status !== 'resolved') return null;
  for (const id of incident.componentIds) {
    const component = await stores.components.findById(id);
    if (component && component.status !== 'operational')
      return {
        label: 'Set components operational',
        intent: { kind: 'components_operational' },
        style: 'success',
      };
  }
  return null;
}

/** Adds the "set components operational" offer to the answer of a command that resolved the incident. */
export async function offerComponentsBack(
  scope: CommandScope,
  answer: NeutralMessage,
): Promise<NeutralMessage> {
  if (!answer.incidentRef) return answer;
  const incident = await scope.stores.incidents.findByRef(answer.incidentRef);
  const button = incident ? await componentsBackButton(scope.stores, incident) : null;
  if (!button) return answer;
  return {
    ...answer,
    text: `${answer.text}\nSome of its components are still degraded on the status page: set them back to operational?`,
    buttons: [...answer.buttons, button],
  };
}
