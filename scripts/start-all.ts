import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs the gateway, then the status page, as two processes on one database (the SQLite default needs no
 * external service). The gateway starts first so only one process runs the migrations.
 */
const entry = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const children: ChildProcess[] = [];

function start(name: string, script: string): ChildProcess {
  const child = spawn(process.execPath, [script], { stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    console.error(`${name} exited (${signal ?? code}); stopping.`);
    shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const healthy = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
}

function shutdown(code: number): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

const gatewayPort = process.env.GATEWAY_PORT ?? '3978';
start('gateway', entry('../apps/gateway/src/main.js'));
await waitForHealth(`http://127.0.0.1:${gatewayPort}/healthz`);
start('status page', entry('../apps/status-page/src/main.js'));
