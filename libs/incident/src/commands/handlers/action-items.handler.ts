import { IncidentError, IncidentErrorCode } from '../../errors.js';
import type { ActionItem } from '../../model/action-item.js';
import { message, notifying, type NeutralMessage } from '../../model/neutral-message.js';
import type { Command } from '../command.js';
import type { CommandScope } from '../command-scope.js';
import { actionItemLine, ownerNames } from '../incident-messages.js';

export async function logAction(
  scope: CommandScope,
  command: Extract<Command, { kind: 'action' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  scope.require('timeline', { incident });
  const item = await scope.stores.actions.add({
    incidentRef: incident.ref,
    kind: 'action',
    text: command.text,
    owner: scope.actor,
    dueAt: null,
    state: 'open',
    createdBy: scope.actor,
    createdAt: scope.now,
    doneAt: null,
  });
  scope.made({ kind: 'action_item', item });
  scope.timeline(incident, 'action_logged', `Action: ${command.text}`, { data: { itemId: item.id } });
  return message(`Action #${item.id} logged on ${incident.ref}.`, {
    tone: 'success',
    incidentRef: incident.ref,
  });
}

export async function addFollowup(
  scope: CommandScope,
  command: Extract<Command, { kind: 'followup' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  scope.require('followup', { incident });
  const item = await scope.stores.actions.add({
    incidentRef: incident.ref,
    kind: 'followup',
    text: command.text,
    owner: command.owner ? await scope.user(command.owner, incident) : null,
    dueAt: command.dueAt,
    state: 'open',
    createdBy: scope.actor,
    createdAt: scope.now,
    doneAt: null,
  });
  scope.made({ kind: 'action_item', item });
  scope.timeline(incident, 'followup_added', `Follow-up: ${command.text}`, { data: { itemId: item.id } });
  return message(`Follow-up added to ${incident.ref}: ${actionItemLine(item)}`, {
    tone: 'success',
    incidentRef: incident.ref,
    // The owner learns of a follow-up someone else gave them.
    ...(item.owner?.id === scope.actor.id ? notifying([], [item.owner]) : notifying([item.owner])),
  });
}

export async function markDone(
  scope: CommandScope,
  command: Extract<Command, { kind: 'done' }>,
): Promise<NeutralMessage> {
  const item = await scope.stores.actions.findById(command.itemId);
  if (!item)
    throw new IncidentError(
      IncidentErrorCode.NotFound,
      `There is no action or follow-up #${command.itemId}.`,
      'id',
    );
  const incident = await scope.incidentByRef(item.incidentRef);
  // An item nobody owns belongs to whoever added it.
  const owner = item.owner ?? item.createdBy;
  scope.require(item.kind === 'followup' ? 'followup_done' : 'action_done', { incident, owner });
  if (item.state === 'done')
    return message(`#${item.id} is already done.`, { incidentRef: item.incidentRef });
  const done: ActionItem = { ...item, state: 'done', doneAt: scope.now };
  await scope.stores.actions.save(done);
  scope.timeline(incident, 'action_done', `Done: ${item.text}`, { data: { itemId: item.id } });
  return message(`Marked done: ${actionItemLine(done)}`, {
    tone: 'success',
    incidentRef: item.incidentRef,
    people: ownerNames([done]),
  });
}
