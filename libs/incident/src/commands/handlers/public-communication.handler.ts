import { IncidentError, IncidentErrorCode } from '../../errors.js';
import type { Component } from '../../model/component.js';
import { jsonified } from '../../model/domain-event.js';
import type { Incident } from '../../model/incident.js';
import { message, type NeutralMessage } from '../../model/neutral-message.js';
import type { AffectedComponent } from '../../model/status-update.js';
import type { Command } from '../command.js';
import type { CommandScope } from '../command-scope.js';
import { requireNotClosed } from './closed-incident.js';
import { requirePublic, requirePublicTitle } from './public-facts.handler.js';

/** Publishes a public status update with the incident's current status and affected components. */
export async function publishUpdate(
  scope: CommandScope,
  command: Extract<Command, { kind: 'update' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  requireNotClosed(incident, 'publish updates');
  scope.require('update', { incident });
  requirePublic(incident);
  requirePublicTitle(incident);
  const update = await scope.stores.updates.add({
    incidentRef: incident.ref,
    body: command.body,
    status: incident.status,
    affectedComponents: await affectedComponents(scope, incident),
    author: scope.actor,
    publishedAt: scope.now,
  });
  scope.made({ kind: 'status_update', update });
  scope.timeline(incident, 'status_update_published', `Public update (${incident.status}): ${command.body}`, {
    data: { updateId: update.id },
  });
  scope.event('status_update.published', incident.ref, {
    update: jsonified(update),
    incident: jsonified(incident),
  });
  // In the incident's own channel the update is echoed for everyone (with its link): the author only needs
  // to know it went out, so the text does not appear there twice.
  if (isInSpaceOf(scope, incident)) {
    return message('Published to the status page; it is posted in this channel for everyone.', {
      title: `Public update on ${incident.ref}`,
      tone: 'success',
      visibility: 'private',
      incidentRef: incident.ref,
    });
  }
  return message(
    `Published to the status page (${scope.settings.links.incident(incident.ref)}): ${command.body}`,
    {
      title: `Public update on ${incident.ref}`,
      tone: 'success',
      incidentRef: incident.ref,
    },
  );
}

function isInSpaceOf(scope: CommandScope, incident: Incident): boolean {
  const location = scope.context.location;
  return (
    location !== null &&
    incident.spaces.some(
      (space) => space.platform === location.platform && space.channelId === location.channelId,
    )
  );
}

async function affectedComponents(scope: CommandScope, incident: Incident): Promise<AffectedComponent[]> {
  const [latest] = await scope.stores.updates.listFor(incident.ref);
  const components = await Promise.all(
    incident.componentIds.map((id) => scope.stores.components.findById(id)),
  );
  return components
    .filter((component): component is Component => component !== null)
    .map((component) => ({
      componentId: component.id,
      name: component.name,
      oldStatus:
        latest?.affectedComponents.find((seen) => seen.componentId === component.id)?.newStatus ??
        component.status,
      newStatus: component.status,
    }));
}

/** Changes a component's public status; inside an incident it also becomes one of the incident's components. */
export async function changeComponentStatus(
  scope: CommandScope,
  command: Extract<Command, { kind: 'component' }>,
): Promise<NeutralMessage> {
  const component = await findComponent(scope, command.component);
  const incident = await optionalIncident(scope, command.ref);
  if (incident) requireNotClosed(incident, 'change its components');
  scope.require('component', { incident });
  const changed =
    component.status === command.status
      ? component
      : await saveComponentStatus(scope, component, command.status, incident);
  scope.made({ kind: 'component', component: changed });
  if (incident) await linkComponent(scope, incident, component, command.status);
  return message(`${component.name} is now ${command.status.replace(/_/g, ' ')}.`, {
    tone: 'success',
    incidentRef: incident?.ref ?? null,
  });
}

/** By name, as people write it, or by id, as the API names it. */
async function findComponent(scope: CommandScope, name: string): Promise<Component> {
  const component =
    (await scope.stores.components.findByName(name)) ?? (await scope.stores.components.findById(name));
  if (component) return component;
  const known = (await scope.stores.components.list()).map((each) => each.name);
  const choices = known.length ? ` Known components: ${known.join(', ')}.` : ' No components exist yet.';
  throw new IncidentError(
    IncidentErrorCode.ComponentNotFound,
    `There is no component "${name}".${choices}`,
    'component',
  );
}

async function optionalIncident(scope: CommandScope, ref: string | null): Promise<Incident | null> {
  if (ref) return scope.incidentByRef(ref);
  const location = scope.context.location;
  return location ? scope.stores.incidents.findBySpace(location.platform, location.channelId) : null;
}

async function saveComponentStatus(
  scope: CommandScope,
  component: Component,
  status: Component['status'],
  incident: Incident | null,
): Promise<Component> {
  const changed: Component = { ...component, status, updatedAt: scope.now };
  await scope.stores.components.save(changed);
  const change = {
    componentId: component.id,
    oldStatus: component.status,
    newStatus: status,
    incidentRef: incident?.ref ?? null,
    at: scope.now,
  };
  await scope.stores.components.recordChange(change);
  scope.event('component.status_changed', incident?.ref ?? null, {
    component: jsonified(changed),
    oldStatus: component.status,
    newStatus: status,
  });
  return changed;
}

async function linkComponent(
  scope: CommandScope,
  incident: Incident,
  component: Component,
  status: Component['status'],
): Promise<void> {
  scope.timeline(
    incident,
    'component_status_changed',
    `${component.name} set to ${status.replace(/_/g, ' ')}`,
    {
      data: { componentId: component.id, from: component.status, to: status },
    },
  );
  if (incident.componentIds.includes(component.id)) return;
  await scope.saveIncident(
    incident,
    { ...incident, componentIds: [...incident.componentIds, component.id] },
    'incident.changed',
    {
      change: 'components',
    },
  );
}
