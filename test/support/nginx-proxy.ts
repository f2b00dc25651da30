import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './app-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NGINX = '/usr/sbin/nginx';

/**
 * Whether the real-nginx tests can run. Under CI=true a missing nginx is a failure (never a silent skip); on a
 * workstation those tests are skipped with a message saying how to install it.
 */
export function nginxAvailability(): { readonly run: boolean } {
  if (existsSync(NGINX)) return { run: true };
  const reason = `nginx is not installed at ${NGINX} (apt-get install -y nginx-light)`;
  if (process.env['CI'] === 'true')
    throw new Error(`${reason}; CI=true, so the nginx tests fail instead of skipping.`);
  console.warn(`SKIPPING nginx tests: ${reason}`);
  return { run: false };
}

/**
 * deploy/nginx.conf as shipped, run by the machine's nginx on loopback: each upstream `server <name>:<port>`
 * points at the address given for it, each `listen <port>` becomes a free loopback port, and the logs and
 * temporary files go to a directory of its own (a child's stdio is a socket, which nginx cannot open as
 * /dev/stdout). Nothing else of the configuration changes.
 */
export class NginxProxy {
  private constructor(
    private readonly child: ChildProcess,
    private readonly directory: string,
    private readonly listeners: ReadonlyMap<number, number>,
    readonly output: string[],
  ) {}

  /** `upstreams` maps each `name:port` of the configuration to a loopback `host:port`. */
  static async start(upstreams: Readonly<Record<string, string>>): Promise<NginxProxy> {
    const directory = mkdtempSync(join(tmpdir(), 'firebreak-nginx-'));
    const listeners = new Map<number, number>();
    let config = readFileSync(join(ROOT, 'deploy', 'nginx.conf'), 'utf8');
    for (const [name, address] of Object.entries(upstreams)) {
      if (!config.includes(`server ${name} `)) throw new Error(`deploy/nginx.conf has no upstream ${name}`);
      config = config.replaceAll(`server ${name} `, `server ${address} `);
    }
    for (const [, port] of config.matchAll(/^[ \t]*listen (\d+);/gm))
      listeners.set(Number(port), await freePort());
    config = config.replace(/^([ \t]*)listen (\d+);/gm, (_line, indent: string, port: string) => {
      return `${indent}listen 127.0.0.1:${listeners.get(Number(port))};`;
    });
    const temporary = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map((kind) => {
        mkdirSync(join(directory, kind));
        return `  ${kind}_temp_path ${join(directory, kind)};`;
      })
      .join('\n');
    config = config.replace(/^http \{$/m, `http {\n${temporary}`);
    config = config.replaceAll('/dev/stdout', join(directory, 'access.log'));
    config = config.replaceAll('/dev/stderr', join(directory, 'error.log'));
    writeFileSync(join(directory, 'nginx.conf'), config);
    const output: string[] = [];
    const child = spawn(
      NGINX,
      [
        '-p',
        directory,
        '-c',
        join(directory, 'nginx.conf'),
        '-g',
        `daemon off; pid ${join(directory, 'nginx.pid')};`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const proxy = new NginxProxy(child, directory, listeners, output);
    await proxy.listening();
    return proxy;
  }

  /** The loopback URL of what the configuration calls `listen <port>`. */
  url(configuredPort: number): string {
    const port = this.listeners.get(configuredPort);
    if (port === undefined) throw new Error(`deploy/nginx.conf does not listen on ${configuredPort}`);
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGQUIT');
      await exited;
    }
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** What nginx wrote to its error log (start-up failures land there once the log is open). */
  errorLog(): string {
    const file = join(this.directory, 'error.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  private async listening(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const port of this.listeners.values()) {
      while (!(await accepts(port))) {
        if (this.child.exitCode !== null || Date.now() > deadline)
          throw new Error(`nginx did not start: ${this.output.join('')}${this.errorLog()}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
