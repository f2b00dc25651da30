import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { UnitOfWork } from '../ports/repositories.js';
import type {
  CommunicationsStores,
  ScheduledUpdate,
  UpdateDraft,
  UpdateTemplates,
} from './communications.js';

/** Reads for the HTTP API: what is scheduled, proposed and configured. Changes go through commands. */
export class CommunicationsQueries {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  scheduledUpdates(ref: string): Promise<ScheduledUpdate[]> {
    return this.read(ref, (stores) => stores.scheduled.listScheduled(ref));
  }

  scheduledUpdate(id: number): Promise<ScheduledUpdate | null> {
    return this.unitOfWork.read((stores) => stores.communications.scheduled.findById(id));
  }

  drafts(ref: string): Promise<UpdateDraft[]> {
    return this.read(ref, (stores) => stores.drafts.listProposed(ref));
  }

  templates(): Promise<UpdateTemplates> {
    return this.unitOfWork.read((stores) => stores.communications.templates.list());
  }

  private read<T>(ref: string, work: (stores: CommunicationsStores) => Promise<T>): Promise<T> {
    return this.unitOfWork.read(async (stores) => {
      if (!(await stores.incidents.findByRef(ref)))
        throw new IncidentError(IncidentErrorCode.IncidentNotFound, `There is no incident ${ref}.`, 'ref');
      return work(stores.communications);
    });
  }
}
