import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/app-process.js';

/** An app as production runs it: a child process of the build in dist/, on a free loopback port. */
export interface BuiltApp {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export type BuiltAppKind = 'gateway' | 'status-page';

const DIST = fileURLToPath(new URL('..', import.meta.url));
const MAIN: Record<BuiltAppKind, string> = {
  gateway: join(DIST, 'apps/gateway/src/main.js'),
  'status-page': join(DIST, 'apps/status-page/src/main.js'),
};

/**
 * Node flags for one kind of app, e.g. `BENCH_GATEWAY_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/profiles'`
 * (Node writes the profile when the bench stops the app; `--cpu-prof` is refused in NODE_OPTIONS).
 */
function nodeArgsFor(kind: BuiltAppKind): string[] {
  const args = process.env[`BENCH_${kind === 'gateway' ? 'GATEWAY' : 'STATUS_PAGE'}_NODE_ARGS`];
  return args ? args.split(' ').filter(Boolean) : [];
}

/** Starts the app and resolves once `/readyz` answers 200 (logs off unless `environment` says otherwise). */
export async function startBuiltApp(kind: BuiltAppKind, environment: NodeJS.ProcessEnv): Promise<BuiltApp> {
  const port = await freePort();
  const prefix = kind === 'gateway' ? 'GATEWAY' : 'STATUS_PAGE';
  const child = spawn(process.execPath, [...nodeArgsFor(kind), MAIN[kind]], {
    env: {
      PATH: process.env['PATH'],
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      [`${prefix}_PORT`]: String(port),
      [`${prefix}_HOST`]: '127.0.0.1',
      ...environment,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const app: BuiltApp = { url: `http://127.0.0.1:${port}`, child, stop: () => stopChild(child) };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${kind} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${app.url}/readyz`)).ok) return app;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${kind} did not become ready`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function stopBuiltApps(apps: readonly BuiltApp[]): Promise<void> {
  await Promise.all(apps.map((app) => app.stop()));
}
