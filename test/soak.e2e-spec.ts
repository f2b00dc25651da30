import {
  ActionItemRow,
  ComponentStatusChangeRow,
  dataSourceOptionsFromUrl,
  IncidentRow,
  OutboxConsumerRow,
  OutboxEventRow,
  StatusUpdateRow,
  TimelineEntryRow,
} from '@firebreak/persistence';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProcess } from './support/app-process.js';
import { eventually } from './support/communications-fakes.js';
import { CommandSoak, type SentCommand, type SoakCommandKind, type SoakRun } from './support/command-soak.js';
import { TempDatabase } from './support/gateway-app.js';

/** The timeline entry each kind of command leaves, once. */
const ENTRY_OF: Record<SoakCommandKind, string> = {
  declare: 'declared',
  action: 'action_logged',
  update: 'status_update_published',
  status: 'status_changed',
  component: 'component_status_changed',
  summary: 'summary_changed',
};
const MARKER = /soak-[a-z]+-\d+-\d+/g;
const CATCH_UP_MS = 300_000;

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function markersIn(text: string): string[] {
  return [...text.matchAll(MARKER)].map(([marker]) => marker);
}

/**
 * The embedded default under ordinary incident load: the gateway and the status page as two processes on one
 * database (SQLite by default, PostgreSQL in the second CI pass), every outbox consumer running, 8 API clients
 * sending 3,000 commands while 200 websocket clients watch the status page.
 */
describe('the gateway and the status page on one database, under load', () => {
  const database = new TempDatabase();
  let soak: CommandSoak<AppProcess>;
  let probe: DataSource;
  let run: SoakRun;
  let acknowledged: SentCommand[];

  beforeAll(async () => {
    soak = await CommandSoak.start(database.url, (kind, environment) => AppProcess.start(kind, environment));
    probe = await new DataSource(dataSourceOptionsFromUrl(database.url)).initialize();
    run = await soak.run();
    acknowledged = run.sent.filter((command) => command.status < 300);
  }, 900_000);

  afterAll(async () => {
    if (probe?.isInitialized) await probe.destroy();
    await soak?.stop();
    database.remove();
  }, 60_000);

  it('answers every command without a server error, and never reports a locked database', async () => {
    expect(run.sent).toHaveLength(soak.workload.commands);
    expect(run.sent.filter((command) => command.status >= 500)).toEqual([]);
    expect(acknowledged).toHaveLength(run.sent.length);
    const lockErrors = [...soak.gateway.output, ...soak.statusPage.output].filter((line) =>
      /SQLITE_BUSY|database is locked/i.test(line),
    );
    expect(lockErrors).toEqual([]);
  });

  it('stores every acknowledged command once, in the order each client sent it', async () => {
    const entries = await probe.manager.find(TimelineEntryRow, { order: { id: 'ASC' } });
    const kinds = new Set(Object.values(ENTRY_OF));
    const timelines = new Map<string, TimelineEntryRow[]>();
    for (const entry of entries.filter((each) => kinds.has(each.kind)))
      timelines.set(entry.incidentRef, [...(timelines.get(entry.incidentRef) ?? []), entry]);
    const sentTo = new Map<string, SentCommand[]>();
    for (const command of acknowledged)
      sentTo.set(command.ref, [...(sentTo.get(command.ref) ?? []), command]);

    expect([...timelines.keys()].sort()).toEqual([...sentTo.keys()].sort());
    for (const [ref, commands] of sentTo) {
      const timeline = timelines.get(ref) ?? [];
      expect(timeline.map((entry) => entry.kind)).toEqual(commands.map((command) => ENTRY_OF[command.kind]));
      const markers = timeline.map((entry) => markersIn(entry.text)[0] ?? null);
      expect(markers).toEqual(commands.map((command) => command.marker));
    }

    const once = (texts: string[]) => [...countBy(texts.flatMap(markersIn), (marker) => marker).values()];
    const markersOf = (kind: SoakCommandKind) =>
      acknowledged.filter((command) => command.kind === kind).map((command) => command.marker!);
    const titles = (await probe.manager.find(IncidentRow)).map((row) => row.title);
    const bodies = (await probe.manager.find(StatusUpdateRow)).map((row) => row.body);
    const actions = (await probe.manager.find(ActionItemRow)).map((row) => row.text);
    expect(titles.flatMap(markersIn).sort()).toEqual(markersOf('declare').sort());
    expect(bodies.flatMap(markersIn).sort()).toEqual(markersOf('update').sort());
    expect(actions.flatMap(markersIn).sort()).toEqual(markersOf('action').sort());
    expect(new Set([...once(titles), ...once(bodies), ...once(actions)])).toEqual(new Set([1]));

    const changes = countBy(await probe.manager.find(ComponentStatusChangeRow), (row) => row.componentId);
    const componentCommands = countBy(
      acknowledged.filter((command) => command.kind === 'component'),
      (command) => `paiements-${command.client + 1}`,
    );
    expect(changes).toEqual(componentCommands);
  });

  it(
    'lets every outbox consumer of both processes catch up, without a single retry',
    async () => {
      const [{ head }] = (await probe.manager
        .createQueryBuilder(OutboxEventRow, 'event')
        .select('MAX(event.position)', 'head')
        .getRawMany<{ head: number | string }>()) as [{ head: number | string }];
      const positions = async () =>
        Object.fromEntries(
          (await probe.manager.find(OutboxConsumerRow)).map((row) => [row.name, Number(row.position)]),
        );
      const caughtUp = async () =>
        Object.values(await positions()).every((position) => position >= Number(head));
      // Chat deliveries lag while commands flow (they take turns on the connection with them) and catch up after.
      await eventually(caughtUp, CATCH_UP_MS).catch(() => undefined);
      const consumers = await positions();
      const behind = Object.entries(consumers).filter(([, position]) => position < Number(head));
      expect(behind, `consumers behind position ${head}`).toEqual([]);
      expect(
        Object.keys(consumers)
          .map((name) => name.replace(/@.*/, ''))
          .sort(),
      ).toEqual([
        'discord-delivery',
        'site-cache',
        'site-live',
        'status-page-cache',
        'status-page-live',
        'subscriber-notifications',
        'teams-delivery',
      ]);

      for (const app of [soak.gateway, soak.statusPage]) {
        const failures = app.logs().filter((line) => String(line['msg']).startsWith('Outbox consumer'));
        expect(failures.map((line) => line['msg'])).toEqual([]);
        const metrics = await (await fetch(`${app.url}/metrics`)).text();
        const retries = metrics
          .split('\n')
          .filter((line) => line.startsWith('firebreak_outbox_consumer_retries_total'));
        expect(retries.filter((line) => !line.endsWith(' 0'))).toEqual([]);
      }
    },
    CATCH_UP_MS + 10_000,
  );

  it('announces every incident on Discord and in Teams', async () => {
    const declared = acknowledged
      .filter((command) => command.kind === 'declare')
      .map((command) => command.ref);
    const channels = new Set(
      soak.discord
        .channels()
        .map((channel) => /^inc-(\d+)-/.exec(channel.name ?? '')?.[1])
        .filter((number) => number !== undefined)
        .map((number) => `INC-${number}`),
    );
    const threads = new Set(
      soak.teams
        .createdConversations()
        .flatMap((conversation) => JSON.stringify(conversation.request).match(/INC-\d+/g) ?? []),
    );
    expect(declared.filter((ref) => !channels.has(ref))).toEqual([]);
    expect(declared.filter((ref) => !threads.has(ref))).toEqual([]);
  });

  it(
    'shows every public update on the status page, pushes it to every watcher and to the webhook once',
    async () => {
      const updates = acknowledged.filter((command) => command.kind === 'update');
      for (const [ref, markers] of groupMarkers(updates)) {
        const page = await (await fetch(`${soak.statusPage.url}/incidents/${ref}`)).text();
        expect(markers.filter((marker) => !page.includes(marker))).toEqual([]);
      }

      const expected = updates.map((command) => command.marker!);
      await eventually(
        () => soak.watchers.every((watcher) => expected.every((marker) => watcher.seen.has(marker))),
        CATCH_UP_MS,
      );
      expect(soak.watchers).toHaveLength(soak.workload.watchers);

      // A payload names its incident (whose title carries the declare's marker) and carries one update.
      const delivered = () =>
        soak.webhooks.accepted
          .flatMap((hook) => markersIn(JSON.stringify(hook.body)))
          .filter((marker) => marker.startsWith('soak-update-'));
      await eventually(() => delivered().length >= expected.length, CATCH_UP_MS);
      expect(delivered().sort()).toEqual([...expected].sort());
      expect(soak.webhooks.accepted.every((hook) => hook.signatureValid)).toBe(true);
    },
    CATCH_UP_MS * 2,
  );
});

function groupMarkers(commands: readonly SentCommand[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const command of commands)
    grouped.set(command.ref, [...(grouped.get(command.ref) ?? []), command.marker!]);
  return grouped;
}
