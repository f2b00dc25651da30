import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's Prometheus Alertmanager (`apt-get install prometheus-alertmanager`), where it installs. */
export const ALERTMANAGER = ['/usr/bin/prometheus-alertmanager'].find((path) => existsSync(path)) ?? null;

/**
 * Whether suites that run Alertmanager can. Under CI=true a missing Alertmanager is a failure (never a silent
 * skip); on a workstation they are skipped with a message saying how to install it.
 */
export function alertmanagerAvailability(): { readonly run: boolean } {
  if (ALERTMANAGER) return { run: true };
  const reason =
    'Alertmanager is not installed (apt-get install -y prometheus-alertmanager, see .ci/browser-deps)';
  if (process.env['CI'] === 'true')
    throw new Error(`${reason}; CI=true, so the Alertmanager tests fail instead of skipping.`);
  console.warn(`SKIPPING Alertmanager tests: ${reason}`);
  return { run: false };
}

/** How Alertmanager groups and times notifications to the one receiver: short, so tests see several rounds. */
export interface AlertmanagerTiming {
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

export const FAST_TIMING: AlertmanagerTiming = { groupWait: '1s', groupInterval: '2s', repeatInterval: '4s' };

/** An alert as posted to Alertmanager's API (`POST /api/v2/alerts`). */
export interface PostableAlert {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly generatorURL?: string;
}

/**
 * The configuration the e2e and the bench run Alertmanager with: one route grouping by alert name and cluster,
 * one webhook receiver pointing at the gateway with its bearer token, resolved notifications on. JSON is YAML,
 * so it is written as JSON.
 */
export function webhookConfiguration(webhookUrl: string, bearerToken: string, timing = FAST_TIMING): object {
  return {
    route: {
      receiver: 'firebreak',
      group_by: ['alertname', 'cluster'],
      group_wait: timing.groupWait,
      group_interval: timing.groupInterval,
      repeat_interval: timing.repeatInterval,
    },
    receivers: [
      {
        name: 'firebreak',
        webhook_configs: [
          {
            url: webhookUrl,
            send_resolved: true,
            http_config: { authorization: { type: 'Bearer', credentials: bearerToken } },
          },
        ],
      },
    ],
  };
}

/** A real Alertmanager on a loopback port, its configuration and storage inside `root`, no clustering. */
export class AlertmanagerProcess {
  readonly log: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    const collect = (chunk: Buffer) => this.log.push(chunk.toString());
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  }

  static async start(root: string, port: number, configuration: object): Promise<AlertmanagerProcess> {
    if (!ALERTMANAGER) throw new Error('Alertmanager is not installed');
    mkdirSync(join(root, 'data'), { recursive: true });
    const file = join(root, 'alertmanager.yml');
    writeFileSync(file, JSON.stringify(configuration, null, 2));
    const child = spawn(
      ALERTMANAGER,
      [
        `--config.file=${file}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        `--storage.path=${join(root, 'data')}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const alertmanager = new AlertmanagerProcess(child, `http://127.0.0.1:${port}`);
    try {
      await alertmanager.untilReady();
    } catch (error) {
      alertmanager.stop();
      throw new Error(`${(error as Error).message}\n${alertmanager.log.join('')}`, { cause: error });
    }
    return alertmanager;
  }

  /** Posts alerts as Prometheus does; an alert with an `endsAt` in the past is resolved. */
  async postAlerts(alerts: readonly PostableAlert[]): Promise<void> {
    const response = await fetch(`${this.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts),
    });
    if (!response.ok)
      throw new Error(`POST /api/v2/alerts answered ${response.status}: ${await response.text()}`);
  }

  /** A counter of Alertmanager's own metrics for the webhook integration (0 before the first notification). */
  async webhookMetric(name: string): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const line = text.split('\n').find((each) => each.startsWith(`${name}{integration="webhook"} `));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  }

  /** Notifications the gateway accepted (2xx): requests sent minus requests that failed. */
  async deliveredNotifications(): Promise<number> {
    return (
      (await this.webhookMetric('alertmanager_notification_requests_total')) -
      (await this.webhookMetric('alertmanager_notification_requests_failed_total'))
    );
  }

  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }

  private async untilReady(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`Alertmanager exited with ${this.child.exitCode}`);
      const ready = await fetch(`${this.url}/-/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Alertmanager was not ready on ${this.url} in time`);
  }
}
