import type { Maintenance, NewMaintenance } from '../model/maintenance.js';
import type { WriteUp } from '../model/write-up.js';

export abstract class MaintenanceRepository {
  /** Stores a new maintenance and returns it with its id. */
  abstract add(maintenance: NewMaintenance): Promise<Maintenance>;
  abstract findById(id: number): Promise<Maintenance | null>;
  /** Newest scheduled start first. */
  abstract list(query?: { readonly limit?: number }): Promise<Maintenance[]>;
  abstract save(maintenance: Maintenance): Promise<void>;
}

export abstract class WriteUpRepository {
  abstract findBySlug(slug: string): Promise<WriteUp | null>;
  abstract findByIncident(incidentRef: string): Promise<WriteUp | null>;
  /** Published ones only, newest publication first. */
  abstract listPublished(): Promise<WriteUp[]>;
  /** Inserts or replaces the write-up with this slug. */
  abstract save(writeUp: WriteUp): Promise<void>;
}
