import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import {
  IncidentService,
  participant,
  SystemClock,
  type NewTimelineEntry,
  type TimelineEntryKind,
} from '@firebreak/incident';
import { openDataSource, TypeOrmSiteSessionStore, TypeOrmUnitOfWork } from '@firebreak/persistence';
import { siteSettingsFrom } from '../apps/gateway/src/site/site-config.js';
import { SiteSessions } from '../apps/gateway/src/site/site-sessions.js';
import { ms, percentile, report } from './bench-report.js';
import { startBuiltApp, stopBuiltApps, type BuiltApp } from './built-apps.js';
import { seedIncidentHistory } from './incident-history.js';

/**
 * The responders' site as production runs it (the built gateway, a child process, on a SQLite file holding two
 * years of history: 5,000 incidents): the incidents list and the living document of an open incident with
 * 2,000 timeline entries, each under 50 concurrent signed-in readers (autocannon, in this process, with a session
 * cookie), p99 against < 50 ms; and the insights page over the 5,000 incidents, one reader at a time, against
 * < 200 ms. autocannon shares the two cores with the gateway, so the figures are upper bounds.
 */
const INCIDENTS = 5_000;
const TIMELINE_ENTRIES = 2_000;
const READERS = 50;
const DURATION_S = 8;
const INSIGHTS_RUNS = 30;

const bob = participant('discord:222222222222222222', 'Bob');
const alice = participant('discord:111111111111111111', 'Alice');

/** 2,000 entries as a long incident gathers them: mostly pins and notes, some actions and changes. */
function longTimeline(ref: string, from: Date): NewTimelineEntry[] {
  const kinds: TimelineEntryKind[] = ['message_pinned', 'note', 'action_logged', 'note', 'status_changed'];
  return Array.from({ length: TIMELINE_ENTRIES }, (_, index) => {
    const kind = kinds[index % kinds.length]!;
    const at = new Date(from.getTime() + index * 30_000);
    const text = `Checked the payment gateway’s error rate in eu-west-${index % 3}: ${index % 7}.${index % 10} % of calls fail; rolling back build ${1000 + index}.`;
    return {
      incidentRef: ref,
      kind,
      at,
      author: alice,
      text,
      message:
        kind === 'message_pinned'
          ? {
              platform: 'discord',
              messageId: String(9e17 + index),
              link: `https://discord.com/channels/1/2/${index}`,
              author: bob,
              text,
              postedAt: at,
            }
          : null,
      data: {},
    };
  });
}

async function load(
  url: string,
  cookie: string,
): Promise<{ p50: number; p99: number; rps: number; errors: number }> {
  const result = await autocannon({
    url,
    connections: READERS,
    duration: DURATION_S,
    pipelining: 1,
    headers: { cookie },
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-site-bench-'));
  const databaseUrl = `sqlite:${join(dir, 'bench.sqlite')}`;
  const apps: BuiltApp[] = [];
  try {
    const dataSource = await openDataSource({ databaseUrl });
    const unitOfWork = new TypeOrmUnitOfWork(dataSource);
    const now = new Date();
    const seeded = await seedIncidentHistory(unitOfWork, { incidents: INCIDENTS, months: 24, until: now });
    const incidents = new IncidentService(unitOfWork, new SystemClock());
    const declared = await incidents.run('declare Card payments fail at checkout for Zoë’s café ☕', {
      actor: alice,
      location: null,
      privileged: true,
    });
    const ref = declared.incident!.ref;
    await unitOfWork.run((stores) =>
      stores.timeline.append(longTimeline(ref, new Date(now.getTime() - 86_400_000))),
    );
    const settings = siteSettingsFrom({
      GATEWAY_PORT: 0,
      SITE_SESSION_HOURS: 12,
      SITE_SIGN_IN_LINK_MINUTES: 15,
    });
    const sessions = new SiteSessions(
      new TypeOrmSiteSessionStore(dataSource.manager),
      new SystemClock(),
      settings,
    );
    const cookie = `firebreak_site=${await sessions.signIn({ person: alice, administrator: false })}`;
    await dataSource.destroy();
    report(
      `seeded ${seeded.incidents.toLocaleString('en')} incidents and ${ref} with ${TIMELINE_ENTRIES.toLocaleString('en')} timeline entries`,
      '',
    );

    const gateway = await startBuiltApp('gateway', { DATABASE_URL: databaseUrl });
    apps.push(gateway);
    for (const [label, path] of [
      [`incidents list (${(INCIDENTS + 1).toLocaleString('en')} incidents, first page)`, '/site/incidents'],
      [
        `living document of ${ref} (${TIMELINE_ENTRIES.toLocaleString('en')} timeline entries)`,
        `/site/incidents/${ref}`,
      ],
    ] as const) {
      const warm = await fetch(`${gateway.url}${path}`, { headers: { cookie } });
      if (warm.status !== 200) throw new Error(`${path} answered ${warm.status}`);
      const figures = await load(`${gateway.url}${path}`, cookie);
      report(
        `${label}, p99 at ${READERS} readers`,
        ms(figures.p99),
        '< 50 ms',
        figures.p99 < 50 && figures.errors === 0,
      );
      report(
        `  p50; requests per second; non-2xx and errors`,
        `${ms(figures.p50)}; ${figures.rps.toFixed(0)}; ${figures.errors}`,
      );
    }

    const insights: number[] = [];
    for (let run = 0; run < INSIGHTS_RUNS + 2; run += 1) {
      const started = performance.now();
      const response = await fetch(`${gateway.url}/site/insights`, { headers: { cookie } });
      await response.text();
      if (response.status !== 200) throw new Error(`/site/insights answered ${response.status}`);
      if (run >= 2) insights.push(performance.now() - started);
    }
    const p99 = percentile(insights, 99);
    report(
      `insights page over ${INCIDENTS.toLocaleString('en')} incidents, p99 of ${INSIGHTS_RUNS}`,
      ms(p99),
      '< 200 ms',
      p99 < 200,
    );
    report('  median', ms(percentile(insights, 50)));
    const [average] = loadavg();
    report(`  load average while measuring (${availableParallelism()} cores)`, average!.toFixed(2));
  } finally {
    await stopBuiltApps(apps);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
