import { type ChildProcess, spawn } from 'node:child_process';
import { extname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { newSiteSignInLink } from '../apps/gateway/src/site/site-sign-in-link.js';

/**
 * `npm start`: runs the gateway, then the status page, as two processes on one database (the SQLite default
 * needs no external service). The gateway starts first so only one process runs the migrations. When either
 * app exits, during start-up or later, the other is stopped and this process exits with the first one's code;
 * the app has already written why on the shared terminal.
 */

/** How long an app that is still running may take to answer /healthz before start-up is given up. */
const START_TIMEOUT_MS = 60_000;

interface App {
  readonly name: string;
  readonly process: ChildProcess;
  readonly healthUrl: string;
}

const apps: App[] = [];
let stopping = false;

/**
 * The apps sit beside this script in the form it runs in: built JavaScript under dist/, or the TypeScript
 * sources when it runs under a loader, whose `--import` flag the apps inherit through execArgv.
 */
function entryPoint(app: string): string {
  return fileURLToPath(new URL(`../apps/${app}/src/main${extname(import.meta.url)}`, import.meta.url));
}

function start(name: string, folder: string, port: string): App {
  const child = spawn(process.execPath, [...process.execArgv, entryPoint(folder)], {
    stdio: 'inherit',
    env: process.env,
  });
  const app = { name, process: child, healthUrl: `http://127.0.0.1:${port}/healthz` };
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${signal ?? code}); stopping.`);
    stop(code ?? 1);
  });
  apps.push(app);
  return app;
}

/**
 * Stops every app still running, passing on the signal this process got (Ctrl-C reaches the apps as SIGINT
 * anyway); the first reason to stop decides the exit code.
 */
function stop(code: number, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const { process: child } of apps) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}

/** Resolves true once the app answers /healthz, false as soon as it has exited or start-up is given up. */
async function becameHealthy(app: App): Promise<boolean> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!stopping && Date.now() < deadline) {
    const healthy = await fetch(app.healthUrl, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return true;
    await delay(250);
  }
  if (!stopping) {
    console.error(
      `${app.name} did not answer ${app.healthUrl} within ${START_TIMEOUT_MS / 1000} s; stopping.`,
    );
    stop(1);
  }
  return false;
}

async function startAll(): Promise<void> {
  const gateway = start('gateway', 'gateway', process.env['GATEWAY_PORT'] ?? '3978');
  if (!(await becameHealthy(gateway))) return;
  const statusPage = start('status page', 'status-page', process.env['STATUS_PAGE_PORT'] ?? '3000');
  if (!(await becameHealthy(statusPage))) return;
  console.error(
    `Firebreak is running: gateway ${new URL(gateway.healthUrl).origin}, ` +
      `status page ${new URL(statusPage.healthUrl).origin}. Ctrl-C stops both.`,
  );
  await printSiteSignInLink();
}

/** A one-time link for the local administrator; a failure to make one leaves the apps running. */
async function printSiteSignInLink(): Promise<void> {
  try {
    console.log(`Responders' site: ${await newSiteSignInLink()}`);
  } catch (error) {
    console.error(`No sign-in link for the responders' site: ${String(error)}`);
  }
}

process.on('SIGINT', () => stop(0, 'SIGINT'));
process.on('SIGTERM', () => stop(0, 'SIGTERM'));
await startAll();
