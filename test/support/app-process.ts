import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = {
  gateway: 'apps/gateway/src/main.ts',
  'status-page': 'apps/status-page/src/main.ts',
} as const;

export type AppKind = keyof typeof ENTRY;

/** A free loopback port (there is a small window before the child binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * One app as its own Node process, from the TypeScript sources (test/support/ts-loader.mjs), with its JSON
 * log lines collected: what production runs, minus the build.
 */
export class AppProcess {
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private constructor(
    readonly kind: AppKind,
    readonly url: string,
    readonly child: ChildProcess,
  ) {
    let buffered = '';
    const collect = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      this.output.push(...lines.filter(Boolean));
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (buffered) this.output.push(buffered);
        resolve({ code, signal });
      }),
    );
  }

  static async start(kind: AppKind, environment: NodeJS.ProcessEnv): Promise<AppProcess> {
    const port = await freePort();
    const portVariable = kind === 'gateway' ? 'GATEWAY_PORT' : 'STATUS_PAGE_PORT';
    const hostVariable = kind === 'gateway' ? 'GATEWAY_HOST' : 'STATUS_PAGE_HOST';
    const child = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', ENTRY[kind]], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'],
        NODE_ENV: 'production',
        [portVariable]: String(port),
        [hostVariable]: '127.0.0.1',
        ...environment,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new AppProcess(kind, `http://127.0.0.1:${port}`, child);
    await app.waitUntilHealthy();
    return app;
  }

  /** JSON log lines (others are skipped). */
  logs(): Record<string, unknown>[] {
    return this.output.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  signal(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  async stop(): Promise<void> {
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }

  private async waitUntilHealthy(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    this.signal('SIGKILL');
    throw new Error(`${this.kind} did not become healthy:\n${this.output.slice(-30).join('\n')}`);
  }
}
