import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's nginx (`nginx-light`), where it installs. */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path)) ?? null;

/**
 * Whether suites that run nginx can. Under CI=true a missing nginx is a failure (never a silent skip); on a
 * workstation they are skipped with a message saying how to install it.
 */
export function nginxAvailability(): { readonly run: boolean } {
  if (NGINX) return { run: true };
  const reason = 'nginx is not installed (apt-get install -y nginx-light, see .ci/browser-deps)';
  if (process.env['CI'] === 'true')
    throw new Error(`${reason}; CI=true, so the nginx tests fail instead of skipping.`);
  console.warn(`SKIPPING nginx tests: ${reason}`);
  return { run: false };
}

/** An nginx master process run from `root` (pid file, temp paths and error log inside it), stopped by `stop()`. */
export class NginxProcess {
  private constructor(private readonly child: ChildProcess) {}

  /**
   * Writes `http` settings that keep nginx inside `root`, then the given configuration, and waits until every
   * port in `listening` accepts connections. The configuration must not set `pid`, `daemon` or temp paths.
   */
  static async start(
    root: string,
    configuration: string,
    listening: readonly number[],
  ): Promise<NginxProcess> {
    if (!NGINX) throw new Error('nginx is not installed');
    mkdirSync(root, { recursive: true });
    // Workers run as an unprivileged user when the master is root: they must reach the temp paths.
    chmodSync(root, 0o755);
    const file = join(root, 'nginx.conf');
    const contained = configuration.replace(
      /^http \{$/m,
      `http {
  client_body_temp_path ${root}/tmp-body;
  proxy_temp_path ${root}/tmp-proxy;
  fastcgi_temp_path ${root}/tmp-fastcgi;
  uwsgi_temp_path ${root}/tmp-uwsgi;
  scgi_temp_path ${root}/tmp-scgi;`,
    );
    if (contained === configuration) throw new Error('the configuration has no top-level "http {" block');
    writeFileSync(file, `daemon off;\npid ${root}/nginx.pid;\n${contained}`);
    const child = spawn(NGINX, ['-c', file, '-p', root, '-e', join(root, 'error.log')], {
      stdio: 'ignore',
    });
    const nginx = new NginxProcess(child);
    try {
      for (const port of listening) await untilListening(port, child);
    } catch (error) {
      const log = existsSync(join(root, 'error.log')) ? readFileSync(join(root, 'error.log'), 'utf8') : '';
      nginx.stop();
      throw new Error(`${(error as Error).message}\n${log}`, { cause: error });
    }
    return nginx;
  }

  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }
}

async function untilListening(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port} in time`);
}

export interface LoopbackPorts {
  /** Where nginx listens for the gateway (8080 in the shipped file) and the status page (8000). */
  readonly gatewayListen: number;
  readonly statusPageListen: number;
  /** Where the apps themselves listen (every replica of the shipped file points there). */
  readonly gateway: number;
  readonly statusPage: number;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * deploy/nginx.conf as shipped, on loopback: the compose services' upstream addresses and the published ports
 * become loopback ports, nothing else changes. Throws when the file no longer has what is replaced, so the test
 * cannot quietly run some other configuration.
 */
export function shippedNginxConfiguration(ports: LoopbackPorts): string {
  let text = readFileSync(join(ROOT, 'deploy', 'nginx.conf'), 'utf8');
  const replace = (pattern: RegExp, by: string) => {
    if (text.search(pattern) < 0) throw new Error(`deploy/nginx.conf no longer has ${pattern}`);
    text = text.replace(pattern, by);
  };
  replace(/server gateway-\d+:\d+/g, `server 127.0.0.1:${ports.gateway}`);
  replace(/server status-page-\d+:\d+/g, `server 127.0.0.1:${ports.statusPage}`);
  replace(/listen 8080;/, `listen 127.0.0.1:${ports.gatewayListen};`);
  replace(/listen 8000;/, `listen 127.0.0.1:${ports.statusPageListen};`);
  replace(/^worker_processes \w+;$/m, 'worker_processes 1;');
  return text;
}
