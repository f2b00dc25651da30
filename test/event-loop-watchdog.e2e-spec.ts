import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProcess } from './support/app-process.js';
import { API_TOKEN, BEARER, TempDatabase } from './support/gateway-app.js';

const MAX_TEXT_LENGTH = 4000;
const prose =
  'Checkout errors are back to normal after the rollback of the payment gateway; we keep watching ' +
  'error rates in São Paulo and Łódź, and Zoë 🔥 checks the queue depth every five minutes.\n';
/** A command line of the longest length the API accepts: its prefix, then free text up to 4,000 characters. */
const longest = (prefix: string, text = prose): string =>
  `${prefix}${text.repeat(Math.ceil(MAX_TEXT_LENGTH / text.length))}`.slice(0, MAX_TEXT_LENGTH).trimEnd();
/** 25 words: the length at which the old parser's backtracking ran for minutes. */
const twentyFiveWords =
  'The connection pool was sized for last year’s traffic, so when the campaign started checkout workers ' +
  'waited on connections, timed out and retried, which doubled the load';

/**
 * The longest commands the language accepts, and the shapes that used to stall the parser, for one client:
 * `open` is its incident still being worked, `resolved` the one whose review it writes (a review edited by two
 * people at the same moment is refused to one of them, which is not what this spec is about).
 */
const longestCommands = (open: string, resolved: string): string[] => [
  longest(`update ${open} `),
  longest(`note ${open} `),
  longest(`action ${open} `),
  longest(`review ${resolved} rca `),
  longest(`review ${resolved} happened `),
  longest(`note ${open} `, 'a '),
  `review ${resolved} factors ${twentyFiveWords}`,
  `update ${open} ${twentyFiveWords}`,
];
const CLIENTS = 4;
const PASSES = 4;

describe('a gateway running the longest legal commands', () => {
  const database = new TempDatabase();
  let gateway: AppProcess;
  const command = async (text: string): Promise<number> => {
    const response = await fetch(`${gateway.url}/api/v1/commands`, {
      method: 'POST',
      headers: { Authorization: BEARER, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    await response.arrayBuffer();
    return response.status;
  };

  beforeAll(async () => {
    gateway = await AppProcess.start('gateway', {
      DATABASE_URL: database.url,
      FIREBREAK_API_TOKENS: API_TOKEN,
      RATE_LIMIT_COMMANDS_PER_MINUTE: '0',
    });
    for (let client = 0; client < CLIENTS; client += 1) {
      for (const text of [
        'declare Checkout errors',
        `public-title INC-${2 * client + 1} --confirm`,
        'declare Queue backlog',
        `resolve INC-${2 * client + 2}`,
      ])
        expect(await command(text), text).toBe(200);
    }
  });

  afterAll(async () => {
    await gateway?.stop();
    database.remove();
  });

  /** Runs the longest commands from four concurrent clients while probing /healthz; the probes' latencies. */
  async function healthzUnderLoad(): Promise<number[]> {
    let running = true;
    const latencies: number[] = [];
    const probe = async (): Promise<void> => {
      while (running) {
        const started = performance.now();
        const response = await fetch(`${gateway.url}/healthz`);
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        expect(response.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const client = async (n: number): Promise<number[]> => {
      const statuses: number[] = [];
      // Several passes, so a fast gateway still runs them long enough to be probed a few dozen times.
      for (let pass = 0; pass < PASSES; pass += 1)
        for (const text of longestCommands(`INC-${2 * n + 1}`, `INC-${2 * n + 2}`))
          statuses.push(await command(text));
      return statuses;
    };
    const probing = probe();
    const statuses = (await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)))).flat();
    running = false;
    await probing;
    expect(statuses).toEqual(statuses.map(() => 200));
    return latencies.sort((a, b) => a - b);
  }

  it('keeps /healthz answering within 100 ms while they run concurrently', async () => {
    // On a machine shared with other work a probe now and then waits for the CPU rather than for the gateway.
    // So the bound is for nineteen probes in twenty, and a round spoiled by the machine is run again (up to
    // three): a gateway that blocks its event loop fails every round, and no probe may wait a whole second.
    let latencies: number[] = [];
    const p95 = () => latencies[Math.ceil(latencies.length * 0.95) - 1]!;
    for (let round = 0; round < 3 && (round === 0 || p95() >= 100); round += 1)
      latencies = await healthzUnderLoad();
    expect(latencies.length).toBeGreaterThan(10);
    expect(p95()).toBeLessThan(100);
    expect(latencies.at(-1)).toBeLessThan(1_000);
  });

  it('exports the event-loop delay (p99 and max since the last scrape) in /metrics', async () => {
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/^firebreak_nodejs_eventloop_lag_p99_seconds\{service="gateway"\} \d/m);
    expect(metrics).toMatch(/^firebreak_nodejs_eventloop_lag_max_seconds\{service="gateway"\} \d/m);
  });
});
