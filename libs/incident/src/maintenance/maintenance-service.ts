import { IncidentError, IncidentErrorCode } from '../errors.js';
import {
  maintenanceStatus,
  newMaintenance,
  type Maintenance,
  type ScheduleMaintenanceInput,
} from '../model/maintenance.js';
import type { Participant } from '../model/participant.js';
import { domainEvent, jsonified } from '../model/domain-event.js';
import type { Clock } from '../ports/clock.js';
import type { IncidentStores, UnitOfWork } from '../ports/repositories.js';

/** Input as people give it: components by id or name. */
export interface ScheduleMaintenanceRequest extends Omit<ScheduleMaintenanceInput, 'componentIds'> {
  readonly components: readonly string[];
}

/**
 * Schedules and cancels maintenance. Each change and its outbox event commit together, so the status
 * page's caches and live pages hear about it.
 */
export class MaintenanceService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  schedule(request: ScheduleMaintenanceRequest, actor: Participant): Promise<Maintenance> {
    return this.unitOfWork.run(async (stores) => {
      const now = this.clock.now();
      const componentIds = await resolveComponents(stores, request.components);
      const maintenance = await stores.maintenances.add(newMaintenance({ ...request, componentIds }, now));
      await stores.outbox.append([
        domainEvent('maintenance.scheduled', null, now, {
          maintenance: jsonified(maintenance),
          actor: jsonified(actor),
        }),
      ]);
      return maintenance;
    });
  }

  /** Cancelling twice is harmless; a completed maintenance cannot be cancelled. */
  cancel(id: number, actor: Participant): Promise<Maintenance> {
    return this.unitOfWork.run(async (stores) => {
      const now = this.clock.now();
      const maintenance = await requireMaintenance(stores, id);
      const status = maintenanceStatus(maintenance, now);
      if (status === 'cancelled') return maintenance;
      if (status === 'completed')
        throw new IncidentError(
          IncidentErrorCode.IllegalTransition,
          `Maintenance ${id} is already completed; it cannot be cancelled.`,
        );
      const cancelled: Maintenance = { ...maintenance, cancelledAt: now, updatedAt: now };
      await stores.maintenances.save(cancelled);
      await stores.outbox.append([
        domainEvent('maintenance.cancelled', null, now, {
          maintenance: jsonified(cancelled),
          actor: jsonified(actor),
        }),
      ]);
      return cancelled;
    });
  }

  find(id: number): Promise<Maintenance> {
    return this.unitOfWork.read((stores) => requireMaintenance(stores, id));
  }

  list(limit = 50): Promise<Maintenance[]> {
    return this.unitOfWork.read((stores) => stores.maintenances.list({ limit }));
  }
}

async function requireMaintenance(stores: IncidentStores, id: number): Promise<Maintenance> {
  const maintenance = await stores.maintenances.findById(id);
  if (!maintenance)
    throw new IncidentError(IncidentErrorCode.NotFound, `There is no maintenance ${id}.`, 'id');
  return maintenance;
}

async function resolveComponents(stores: IncidentStores, names: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const component = (await stores.components.findById(name)) ?? (await stores.components.findByName(name));
    if (!component) {
      const known = (await stores.components.list()).map((each) => each.name);
      throw new IncidentError(
        IncidentErrorCode.ComponentNotFound,
        `There is no component "${name}".${known.length ? ` Known components: ${known.join(', ')}.` : ''}`,
        'components',
      );
    }
    ids.push(component.id);
  }
  return ids;
}
