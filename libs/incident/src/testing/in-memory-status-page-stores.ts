import type { Maintenance, NewMaintenance } from '../model/maintenance.js';
import { isPublished, type WriteUp } from '../model/write-up.js';
import { MaintenanceRepository, WriteUpRepository } from '../ports/status-page-repositories.js';

/** The part of the in-memory state the status page's stores keep. */
export interface StatusPageState {
  maintenances: Maintenance[];
  writeUps: Map<string, WriteUp>;
}

export class MemoryMaintenances extends MaintenanceRepository {
  constructor(private readonly state: StatusPageState) {
    super();
  }
  async add(maintenance: NewMaintenance): Promise<Maintenance> {
    const stored = { ...maintenance, id: this.state.maintenances.length + 1 };
    this.state.maintenances = [...this.state.maintenances, stored];
    return stored;
  }
  async findById(id: number): Promise<Maintenance | null> {
    return this.state.maintenances.find((each) => each.id === id) ?? null;
  }
  async list(query: { readonly limit?: number } = {}): Promise<Maintenance[]> {
    return [...this.state.maintenances]
      .sort((a, b) => b.scheduledFor.getTime() - a.scheduledFor.getTime() || b.id - a.id)
      .slice(0, query.limit ?? 50);
  }
  async save(maintenance: Maintenance): Promise<void> {
    this.state.maintenances = this.state.maintenances.map((each) =>
      each.id === maintenance.id ? maintenance : each,
    );
  }
}

export class MemoryWriteUps extends WriteUpRepository {
  constructor(private readonly state: StatusPageState) {
    super();
  }
  async findBySlug(slug: string): Promise<WriteUp | null> {
    return this.state.writeUps.get(slug) ?? null;
  }
  async findByIncident(incidentRef: string): Promise<WriteUp | null> {
    return [...this.state.writeUps.values()].find((each) => each.incidentRef === incidentRef) ?? null;
  }
  async listPublished(): Promise<WriteUp[]> {
    return [...this.state.writeUps.values()]
      .filter(isPublished)
      .sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime());
  }
  async save(writeUp: WriteUp): Promise<void> {
    this.state.writeUps.set(writeUp.slug, writeUp);
  }
}
