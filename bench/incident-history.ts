import {
  IncidentService,
  type CommandContext,
  type IncidentStores,
  type Participant,
  type Severity,
  type UnitOfWork,
} from '@firebreak/incident';
import { FixedClock, InMemoryUnitOfWork } from '@firebreak/incident/testing';

/**
 * A realistic incident history for benchmarks: each incident is run command by command through the real domain
 * (IncidentService on an in-memory unit of work, its clock moved between commands), then stored through the
 * repositories of the unit of work given, renumbered. Running every command on SQLite would take about 9 ms a
 * command, some ten minutes for 5,000 incidents; this way the stored rows are exactly what the domain writes.
 * Deterministic: the same seed gives the same history.
 */
export interface HistoryOptions {
  readonly incidents: number;
  /** Incidents are declared evenly over this span, ending an hour before `until`. */
  readonly months: number;
  readonly until: Date;
  readonly seed?: number;
}

export interface HistoryFigures {
  readonly incidents: number;
  readonly timelineEntries: number;
  readonly followups: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const PEOPLE: readonly Participant[] = [
  { id: 'discord:101', displayName: 'Zoë Ødegård' },
  { id: 'teams:29:jose', displayName: 'José Núñez 🚒' },
  { id: 'discord:102', displayName: 'Siobhán Ní Bhriain' },
  { id: 'teams:29:lukasz', displayName: 'Łukasz Wróbel' },
  { id: 'discord:103', displayName: '李雷' },
  { id: 'discord:104', displayName: 'Aiyana O’Brien 🌵' },
];
const COMPONENTS = [
  'Payments API',
  'Checkout',
  'Search',
  'Login',
  'Notifications',
  'Status page',
  'Data warehouse',
  'CDN',
];
const TITLES = [
  'Card payments fail for customers in São Paulo',
  'Checkout returns 502 for one request in five',
  'Search results are stale by several hours',
  'Login loops back to the sign-in page on Safari',
  'Push notifications arrive twice — or not at all',
  'Nightly warehouse load stuck at 63 %',
  'CDN serves an old bundle in Europe 🇪🇺',
];
const UPDATES = [
  'We are investigating reports that some card payments fail at checkout. Customers may see an error after ' +
    'entering their card details; no payment is taken twice. We will post another update within 30 minutes.',
  'We have identified a configuration change at our payment provider as the cause and are rolling it back ' +
    'region by region. Payments in Europe are recovering; South America follows within the hour.',
  'A fix is in place and error rates are back to normal for most customers. We are monitoring closely and ' +
    'will confirm once every region has been stable for an hour. Thank you for your patience.',
];
const FOLLOWUPS = [
  'Alert on the provider’s error rate before customers notice',
  'Add a canary region to the configuration rollout',
  'Document the rollback steps in the runbook, with owners',
  'Load-test checkout with the provider’s sandbox latency',
];

/** mulberry32: small, fast and good enough to spread benchmark data. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function seedIncidentHistory(
  target: UnitOfWork,
  options: HistoryOptions,
): Promise<HistoryFigures> {
  const random = randomFrom(options.seed ?? 13);
  const template = new InMemoryUnitOfWork();
  const templateService = new IncidentService(template, new FixedClock(new Date(0)));
  for (const name of COMPONENTS) await templateService.createComponent({ name });
  await target.run(async (stores) => {
    for (const component of template.state.components.values()) await stores.components.create(component);
  });

  const end = options.until.getTime() - 60 * MINUTE;
  const span = options.months * 30 * DAY;
  const figures = { incidents: 0, timelineEntries: 0, followups: 0 };
  const batch: InMemoryUnitOfWork[] = [];
  for (let index = 0; index < options.incidents; index += 1) {
    const declaredAt = new Date(end - span + Math.floor(((index + random()) * span) / options.incidents));
    const memory = new InMemoryUnitOfWork();
    memory.state.components = new Map(template.state.components);
    await runIncident(memory, declaredAt, options.until, random);
    batch.push(memory);
    if (batch.length === 200 || index === options.incidents - 1) {
      await target.run((stores) => storeAll(stores, batch.splice(0), figures));
    }
  }
  return figures;
}

/** One incident's life, as responders would run it; it stops where the clock reaches `until`. */
async function runIncident(memory: InMemoryUnitOfWork, declaredAt: Date, until: Date, random: () => number) {
  const clock = new FixedClock(declaredAt);
  const service = new IncidentService(memory, clock);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const [reporter, lead, comms] = [pick(PEOPLE), pick(PEOPLE), pick(PEOPLE)];
  const as = (actor: Participant): CommandContext => ({
    actor,
    location: null,
    mentioned: Object.fromEntries(PEOPLE.map((person) => [person.id, person.displayName])),
  });
  /** Runs `text` `minutes` after the previous command; false once that is past `until`. */
  const after = async (minutes: number, text: string, actor = lead): Promise<boolean> => {
    clock.advance(Math.round(minutes * MINUTE));
    if (clock.now().getTime() > until.getTime()) return false;
    await service.run(text, as(actor));
    return true;
  };
  const severity: Severity = random() < 0.1 ? 'critical' : random() < 0.45 ? 'major' : 'minor';
  const skewed = (low: number, high: number) => low + (high - low) * random() ** 2.5;

  await service.run(`declare ${pick(TITLES)}`, as(reporter));
  await service.run('public-title INC-1 --confirm', as(reporter));
  if (severity !== 'major' && !(await after(skewed(0.5, 5), `sev INC-1 ${severity}`, reporter))) return;
  const hasLead = random() < 0.97;
  if (hasLead && !(await after(skewed(1, 90), `lead INC-1 <@${lead.id}>`, reporter))) return;
  const writer = hasLead ? lead : reporter;
  if (!(await after(skewed(0.5, 10), 'scribe INC-1', pick(PEOPLE)))) return;
  const hasComms = random() < 0.6;
  if (hasComms && !(await after(skewed(0.5, 15), 'comms INC-1', comms))) return;
  // The communications lead speaks to customers; without one, the lead does.
  const publicVoice = hasComms ? comms : lead;
  if (!(await after(2, `summary INC-1 ${pick(UPDATES)}`, writer))) return;
  if (!(await after(1, 'impact INC-1 Customers cannot complete payments; refunds are not affected.', writer)))
    return;
  if (hasLead) {
    const linked = random() < 0.3 ? 2 : 1;
    for (let count = 0; count < linked; count += 1) {
      const status = pick(['major_outage', 'partial_outage', 'degraded_performance']);
      if (!(await after(1, `component INC-1 ${pick(COMPONENTS)} ${status}`, publicVoice))) return;
    }
  }
  for (let pin = Math.floor(random() * 4); pin >= 0; pin -= 1) {
    clock.advance(skewed(1, 20) * MINUTE);
    if (clock.now().getTime() > until.getTime()) return;
    await service.execute(
      {
        kind: 'pin',
        ref: 'INC-1',
        message: {
          platform: 'discord',
          messageId: String(1_000_000 + pin),
          link: `https://discord.com/channels/1/2/${1_000_000 + pin}`,
          author: pick(PEOPLE),
          text: pick(UPDATES),
          postedAt: clock.now(),
        },
      },
      as(writer),
    );
  }
  for (let action = Math.floor(random() * 4); action >= 0; action -= 1) {
    if (
      !(await after(
        skewed(1, 20),
        `action INC-1 Rolled back the ${pick(COMPONENTS)} deploy in one region`,
        writer,
      ))
    )
      return;
  }
  if (hasLead && !(await after(3, `update INC-1 ${UPDATES[0]}`, publicVoice))) return;
  if (!(await after(skewed(5, 90), 'status INC-1 identified', writer))) return;
  if (hasLead && !(await after(5, `update INC-1 ${UPDATES[1]}`, publicVoice))) return;
  if (random() < 0.85 && !(await after(skewed(10, 240), 'status INC-1 monitoring', writer))) return;
  if (random() < 0.1) {
    if (!(await after(skewed(5, 60), 'status INC-1 investigating', writer))) return;
    if (!(await after(skewed(10, 120), 'status INC-1 monitoring', writer))) return;
  }
  if (random() < 0.08) return;
  if (hasLead && !(await after(5, `update INC-1 ${UPDATES[2]}`, publicVoice))) return;
  if (!(await after(skewed(10, 2 * 24 * 60), 'resolve INC-1', writer))) return;
  const followups = Math.floor(random() * 4);
  for (let count = 0; count < followups; count += 1) {
    const due = new Date(clock.now().getTime() + (7 + Math.floor(random() * 35)) * DAY)
      .toISOString()
      .slice(0, 10);
    if (
      !(await after(
        skewed(5, 120),
        `followup INC-1 ${pick(FOLLOWUPS)} <@${pick(PEOPLE).id}> due ${due}`,
        writer,
      ))
    )
      return;
  }
  for (const item of memory.state.actions.filter((each) => each.kind === 'followup')) {
    if (random() < 0.65 && !(await after(skewed(60, 50 * 24 * 60), `done ${item.id}`, writer))) return;
  }
  if (hasLead && random() < 0.5)
    await after(skewed(60, 24 * 60), 'close INC-1 --override review held in the weekly meeting');
}

/** Stores each in-memory incident under the next number, ids of its items and updates renumbered with it. */
async function storeAll(
  stores: IncidentStores,
  memories: readonly InMemoryUnitOfWork[],
  figures: { incidents: number; timelineEntries: number; followups: number },
) {
  for (const memory of memories) {
    const incident = memory.state.incidents.get('INC-1')!;
    const number = await stores.incidents.nextNumber();
    const ref = `INC-${number}`;
    await stores.incidents.save({ ...incident, ref, number }, null);
    const itemIds = new Map<number, number>();
    for (const item of memory.state.actions) {
      const { id, ...rest } = item;
      itemIds.set(id, (await stores.actions.add({ ...rest, incidentRef: ref })).id);
    }
    const updateIds = new Map<number, number>();
    for (const update of memory.state.updates) {
      const { id, ...rest } = update;
      updateIds.set(id, (await stores.updates.add({ ...rest, incidentRef: ref })).id);
    }
    await stores.timeline.append(
      memory.state.timeline.map(({ id: _id, ...entry }) => ({
        ...entry,
        incidentRef: ref,
        data: renumbered(entry.data, itemIds, updateIds),
      })),
    );
    figures.incidents += 1;
    figures.timelineEntries += memory.state.timeline.length;
    figures.followups += memory.state.actions.filter((item) => item.kind === 'followup').length;
  }
}

function renumbered(
  data: Readonly<Record<string, unknown>>,
  itemIds: ReadonlyMap<number, number>,
  updateIds: ReadonlyMap<number, number>,
): Readonly<Record<string, unknown>> {
  if (typeof data['itemId'] === 'number') return { ...data, itemId: itemIds.get(data['itemId']) };
  if (typeof data['updateId'] === 'number') return { ...data, updateId: updateIds.get(data['updateId']) };
  return data;
}
