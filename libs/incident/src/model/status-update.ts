import type { ComponentStatus } from './component.js';
import type { IncidentStatus } from './incident-status.js';
import type { Participant } from './participant.js';

export interface AffectedComponent {
  readonly componentId: string;
  readonly name: string;
  readonly oldStatus: ComponentStatus;
  readonly newStatus: ComponentStatus;
}

/** A public update customers read on the status page; `status` is the incident's status when published. */
export interface StatusUpdate {
  readonly id: number;
  readonly incidentRef: string;
  readonly body: string;
  readonly status: IncidentStatus;
  readonly affectedComponents: readonly AffectedComponent[];
  readonly author: Participant;
  readonly publishedAt: Date;
}

export type NewStatusUpdate = Omit<StatusUpdate, 'id'>;
