/**
 * `npm start` (scripts/start-all.ts), run from the TypeScript sources under the test loader, which it passes on
 * to the two apps it starts: an app that fails during start-up ends it at once with the app's own message, and
 * the apps log JSON lines to a pipe and human-readable lines to a terminal.
 */
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './support/app-process.js';
import { API_TOKEN, TempDatabase } from './support/gateway-app.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const START_ALL = ['--import', './test/support/ts-loader.mjs', 'scripts/start-all.ts'];

/**
 * From an app's start-up error to start-all's exit. Generous for a loaded machine; the old start-all kept
 * polling a gateway that had already exited until its 30 s start-up timeout ran out.
 */
const PROMPT_EXIT_MS = 15_000;

class StartAllRun {
  private text = '';
  private readonly seen = new Map<string, number>();
  readonly exited: Promise<{ code: number | null; at: number }>;

  constructor(
    readonly child: ChildProcess,
    readonly gatewayUrl: string,
    readonly statusPageUrl: string,
  ) {
    const collect = (chunk: Buffer) => (this.text += stripVTControlCharacters(chunk.toString()));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = once(child, 'exit').then(([code]) => ({
      code: code as number | null,
      at: performance.now(),
    }));
  }

  /** stdout and stderr together, terminal control sequences removed. */
  get output(): string {
    return this.text;
  }

  /** Resolves with the moment `text` first appeared in the output; rejects if start-all exits without it. */
  async waitFor(text: string): Promise<number> {
    for (;;) {
      if (this.text.includes(text)) {
        if (!this.seen.has(text)) this.seen.set(text, performance.now());
        return this.seen.get(text)!;
      }
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`start-all exited without printing "${text}":\n${this.text}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const runs: StartAllRun[] = [];
const databases: TempDatabase[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await run.exited;
  }
  for (const database of databases.splice(0)) database.remove();
});

/** Starts start-all on free ports and a fresh database; `inTerminal` runs it on a pseudo-terminal (script(1)). */
async function startAll(environment: NodeJS.ProcessEnv, inTerminal = false): Promise<StartAllRun> {
  const database = new TempDatabase();
  databases.push(database);
  const gatewayPort = await freePort();
  const statusPagePort = await freePort();
  const options: SpawnOptions = {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'],
      DATABASE_URL: database.url,
      FIREBREAK_API_TOKENS: API_TOKEN,
      GATEWAY_PORT: String(gatewayPort),
      GATEWAY_HOST: '127.0.0.1',
      STATUS_PAGE_PORT: String(statusPagePort),
      STATUS_PAGE_HOST: '127.0.0.1',
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  const child = inTerminal
    ? spawn(
        'script',
        ['--quiet', '--return', '--command', [process.execPath, ...START_ALL].join(' '), '/dev/null'],
        options,
      )
    : spawn(process.execPath, START_ALL, options);
  const run = new StartAllRun(child, `http://127.0.0.1:${gatewayPort}`, `http://127.0.0.1:${statusPagePort}`);
  runs.push(run);
  return run;
}

async function answers(url: string): Promise<boolean> {
  return fetch(`${url}/healthz`).then(
    (response) => response.ok,
    () => false,
  );
}

describe('npm start (scripts/start-all.ts)', { timeout: 90_000 }, () => {
  it("stops at once with the gateway's own message when the gateway cannot start", async () => {
    const run = await startAll({ FIREBREAK_API_TOKENS: 'ops:too-short' });

    const messageAt = await run.waitFor('FIREBREAK_API_TOKENS: each token must be at least 16 characters');
    const { code, at } = await run.exited;

    expect(code).toBe(1);
    expect(run.output).toContain('Invalid configuration:');
    expect(run.output).toContain('gateway exited (1); stopping.');
    expect(run.output).not.toContain('did not answer');
    expect(run.output).not.toContain('status page');
    expect(at - messageAt).toBeLessThan(PROMPT_EXIT_MS);
  });

  it("stops the gateway and ends with the status page's message when the status page cannot start, logging readably in a terminal", async () => {
    const run = await startAll({ STATUS_PAGE_HISTORY_MONTHS_PER_PAGE: '99' }, true);

    const messageAt = await run.waitFor('STATUS_PAGE_HISTORY_MONTHS_PER_PAGE:');
    const { code, at } = await run.exited;

    expect(code).toBe(1);
    expect(run.output).toContain('status page exited (1); stopping.');
    // The gateway had started, and wrote for a person: time, level, app, Nest context, message.
    expect(run.output).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: gateway \[Gateway\] Listening on http:\/\/127\.0\.0\.1:\d+\r?$/m,
    );
    expect(run.output).not.toMatch(/^\{"level"/m);
    expect(await answers(run.gatewayUrl)).toBe(false);
    expect(at - messageAt).toBeLessThan(PROMPT_EXIT_MS);
  });

  it('starts the gateway, then the status page, logs JSON lines to a pipe, and stops both on SIGTERM', async () => {
    const run = await startAll({});

    await run.waitFor('Firebreak is running:');
    expect(run.output).toContain(`gateway ${run.gatewayUrl}, status page ${run.statusPageUrl}`);
    expect(await answers(run.gatewayUrl)).toBe(true);
    expect(await answers(run.statusPageUrl)).toBe(true);
    const logLines = run.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logLines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'gateway', msg: `Listening on ${run.gatewayUrl}` }),
        expect.objectContaining({ service: 'status-page', msg: `Listening on ${run.statusPageUrl}` }),
      ]),
    );

    // The responders' site, with a one-time link for the local administrator, which signs a browser in once.
    await run.waitFor('/site/sign-in/link?token=');
    const link = /^Responders' site: (\S+)$/m.exec(run.output)?.[1];
    expect(link).toMatch(new RegExp(`^${run.gatewayUrl}/site/sign-in/link\\?token=[\\w-]{43}$`));
    const token = new URL(link!).searchParams.get('token')!;
    const useLink = () =>
      fetch(`${run.gatewayUrl}/site/sign-in/link`, {
        method: 'POST',
        body: new URLSearchParams({ token }),
        redirect: 'manual',
      });
    expect((await useLink()).status).toBe(303);
    expect((await useLink()).status).toBe(400);

    run.child.kill('SIGTERM');
    const { code } = await run.exited;

    expect(code).toBe(0);
    expect(await answers(run.gatewayUrl)).toBe(false);
    expect(await answers(run.statusPageUrl)).toBe(false);
  });
});
