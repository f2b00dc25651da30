import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  type CommandContext,
  draftReviewMarkdown,
  IncidentService,
  ReviewService,
  SystemClock,
} from '@firebreak/incident';
import { dataSourceOptionsFromUrl, TypeOrmUnitOfWork } from '@firebreak/persistence';
import { DataSource } from 'typeorm';
import { ms, percentile, report } from './bench-report.js';

/** A review drafted and rendered for an incident with 10,000 timeline entries (target < 200 ms). */
const ENTRIES = 10_000;
const lead: CommandContext = {
  actor: { id: 'discord:1', displayName: 'Lee' },
  location: null,
  privileged: true,
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-bench-'));
  const dataSource = new DataSource(dataSourceOptionsFromUrl(`sqlite:${join(dir, 'bench.sqlite')}`));
  await dataSource.initialize();
  const unitOfWork = new TypeOrmUnitOfWork(dataSource);
  const incidents = new IncidentService(unitOfWork, new SystemClock());
  const reviews = new ReviewService(unitOfWork, new SystemClock());
  try {
    await incidents.run('declare Long incident', lead);
    const batch = Array.from({ length: 500 }, (_, n) => ({
      kind: 'action' as const,
      ref: 'INC-1',
      text: `Step ${n}`,
    }));
    while ((await incidents.timeline('INC-1')).length < ENTRIES) await incidents.executeAll(batch, lead);

    const started = performance.now();
    await incidents.run('resolve INC-1', lead);
    const resolveWithDraft = performance.now() - started;
    report(
      `resolve + draft review (${ENTRIES.toLocaleString('en')} entries, SQLite)`,
      ms(resolveWithDraft),
      '< 200 ms',
      resolveWithDraft < 200,
    );

    const record = {
      incident: await incidents.getIncident('INC-1'),
      timeline: await incidents.timeline('INC-1'),
      actionItems: await incidents.actionItems('INC-1'),
      updates: await incidents.statusUpdates('INC-1'),
    };
    const renders: number[] = [];
    for (let run = 0; run < 10; run += 1) {
      const renderStarted = performance.now();
      draftReviewMarkdown(record);
      renders.push(performance.now() - renderStarted);
    }
    report(
      'render the review Markdown only (median of 10)',
      ms(percentile(renders, 50)),
      '< 200 ms',
      percentile(renders, 50) < 200,
    );

    const readStarted = performance.now();
    const review = await reviews.get('INC-1', lead);
    report(
      `read the drafted review (${(review.markdown.length / 1024).toFixed(0)} KiB)`,
      ms(performance.now() - readStarted),
    );
  } finally {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
