import {
  maintenanceStatus,
  slugify,
  type Clock,
  type Component,
  type ComponentStatus,
  type Maintenance,
  type UnitOfWork,
} from '@firebreak/incident';
import { overallStatus, worstStatus } from './overall-status.js';
import type { OverallStatus, PublicComponent, PublicGroup } from './public-status.js';

/** A component as the page shows it, without its uptime (which only the page's own read model computes). */
export type ShownComponent = Omit<PublicComponent, 'uptime'>;
export type ShownGroup = Omit<PublicGroup, 'uptime'>;

/** The components and the overall indicator as the page shows them at one moment. */
export interface ShownComponents {
  readonly overall: OverallStatus;
  readonly components: readonly ShownComponent[];
  /** Ids of the components whose maintenance is in progress. */
  readonly underMaintenance: ReadonlySet<string>;
}

const groupIdOf = (name: string): string => `group-${slugify(name)}`;

/** Components of maintenances in progress at `now`. */
export function componentsUnderMaintenance(maintenances: readonly Maintenance[], now: Date): Set<string> {
  return new Set(
    maintenances
      .filter((each) => !each.cancelledAt && maintenanceStatus(each, now) === 'in_progress')
      .flatMap((each) => each.componentIds),
  );
}

/** A maintenance shows its components as under maintenance, unless they are in an outage, which still shows. */
function shownStatus(status: ComponentStatus, inMaintenance: boolean): ComponentStatus {
  if (!inMaintenance) return status;
  return status === 'operational' || status === 'degraded_performance' ? 'under_maintenance' : status;
}

export function shownComponent(component: Component, inMaintenance: boolean): ShownComponent {
  return {
    id: component.id,
    name: component.name,
    description: component.description,
    groupId: component.group ? groupIdOf(component.group) : null,
    groupName: component.group,
    status: shownStatus(component.status, inMaintenance),
    position: component.position,
    createdAt: component.createdAt,
    updatedAt: component.updatedAt,
  };
}

/** Groups exist because components name them; a group shows its worst child. */
export function shownGroups<C extends ShownComponent>(
  components: readonly C[],
): (ShownGroup & { readonly children: readonly C[] })[] {
  const byGroup = new Map<string, C[]>();
  for (const component of components)
    if (component.groupId)
      byGroup.set(component.groupId, [...(byGroup.get(component.groupId) ?? []), component]);
  return [...byGroup.entries()].map(([id, children]) => ({
    id,
    name: children[0]!.groupName!,
    status: worstStatus(children.map((child) => child.status)),
    position: Math.min(...children.map((child) => child.position)),
    createdAt: new Date(Math.min(...children.map((child) => child.createdAt.getTime()))),
    updatedAt: new Date(Math.max(...children.map((child) => child.updatedAt.getTime()))),
    componentIds: children.map((child) => child.id),
    children,
  }));
}

export function shownComponentsOf(
  components: readonly Component[],
  maintenances: readonly Maintenance[],
  now: Date,
): ShownComponents {
  const underMaintenance = componentsUnderMaintenance(maintenances, now);
  const shown = components.map((component) => shownComponent(component, underMaintenance.has(component.id)));
  return {
    overall: overallStatus(shown.map((component) => component.status)),
    components: shown,
    underMaintenance,
  };
}

/** Reads what the page shows of components now, without the uptime history (for subscriber notices). */
export class ShownComponentsReader {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly maintenanceLimit = 200,
  ) {}

  async read(): Promise<ShownComponents> {
    const now = this.clock.now();
    const { components, maintenances } = await this.unitOfWork.read(async (stores) => ({
      components: await stores.components.list(),
      maintenances: await stores.maintenances.list({ limit: this.maintenanceLimit }),
    }));
    return shownComponentsOf(components, maintenances, now);
  }
}
