import type { Clock, UnitOfWork } from '@firebreak/incident';
import { computeInsights, type InsightsInput } from './insights-computation.js';
import { parseInsightsFilter, type InsightsFilter, type InsightsQuery } from './insights-filter.js';
import type { InsightsReport } from './insights-report.js';
import { startOfMonth } from './months.js';

/** Reads what the insights need from the domain's stores and computes the report. */
export class InsightsReader {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** The report a query string asks for (see `parseInsightsFilter`); refuses bad parameters. */
  async reportFor(query: InsightsQuery): Promise<InsightsReport> {
    const now = this.clock.now();
    return this.report(parseInsightsFilter(query, now), now);
  }

  async report(filter: InsightsFilter, now: Date = this.clock.now()): Promise<InsightsReport> {
    return computeInsights(await this.input(filter), filter, now);
  }

  /** What the report for `filter` is computed from: one read of the incidents, follow-ups and components. */
  input(filter: InsightsFilter): Promise<InsightsInput> {
    // No incident is declared before it starts, so every incident that started in the period was declared at
    // or after its first day, whichever start `startOf` uses.
    const since = startOfMonth(filter.from);
    return this.unitOfWork.read(async (stores) => ({
      incidents: await stores.incidents.listMilestones(since),
      followups: await stores.actions.listFollowupDates(since),
      components: await stores.components.list(),
    }));
  }
}
