import { Logger } from '@nestjs/common';
import pg from 'pg';
import type { DataSource } from 'typeorm';

/** The PostgreSQL channel committed outbox events are announced on. */
const OUTBOX_CHANNEL = 'firebreak_outbox';

interface Warner {
  warn(message: string): void;
}

/**
 * Announces commits to the relays of other processes (`NOTIFY firebreak_outbox`), at most one NOTIFY in flight:
 * commits that land meanwhile are folded into one more NOTIFY afterwards, so no commit goes unannounced.
 * Does nothing on SQLite, where one process writes and its relay is woken directly.
 */
export class OutboxNotifier {
  private sending: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Warner = new Logger('OutboxNotifier'),
  ) {}

  notify(): void {
    if (this.dataSource.options.type !== 'postgres' || !this.dataSource.isInitialized) return;
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = this.send().finally(() => (this.sending = null));
  }

  /** Resolves once announcements already asked for have been sent (before the database closes). */
  async flush(): Promise<void> {
    await this.sending;
  }

  private async send(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.dataSource.query(`NOTIFY ${OUTBOX_CHANNEL}`);
      } while (this.again && this.dataSource.isInitialized);
    } catch (error) {
      // Other relays still poll: a lost announcement only delays delivery until their next poll.
      this.logger.warn(`Could not announce outbox events: ${error instanceof Error ? error.message : error}`);
    }
  }
}

/**
 * One dedicated connection per process that LISTENs on the outbox channel and wakes the relay, so consumers
 * in other replicas react to commits at once instead of polling tightly. Reconnects after errors; the relay
 * keeps its (slower) idle poll as the fallback while the connection is down.
 */
export class OutboxListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly onAnnouncement: () => void,
    private readonly logger: Warner = new Logger('OutboxListener'),
    private readonly retryMs = 1_000,
  ) {}

  static supports(dataSource: DataSource): boolean {
    return dataSource.options.type === 'postgres';
  }

  /** True while LISTEN is active. */
  get listening(): boolean {
    return this.client !== null;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client(clientConfigOf(this.dataSource));
    client.on('notification', (message) => {
      if (message.channel === OUTBOX_CHANNEL) this.onAnnouncement();
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      // Anything committed while we were not listening: look now.
      this.onAnnouncement();
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client === client) this.client = null;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (this.stopped || this.retryTimer) return;
    if (error)
      this.logger.warn(
        `Outbox LISTEN connection lost (${error instanceof Error ? error.message : error}); ` +
          `reconnecting in ${this.retryMs} ms.`,
      );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
  }
}

function clientConfigOf(dataSource: DataSource): pg.ClientConfig {
  const options = dataSource.options as {
    url?: string;
    host?: string;
    port?: number;
    username?: string;
    password?: string;
    database?: string;
  };
  if (options.url) return { connectionString: options.url, application_name: 'firebreak-outbox-listener' };
  return {
    host: options.host,
    port: options.port,
    user: options.username,
    password: options.password,
    database: options.database,
    application_name: 'firebreak-outbox-listener',
  };
}
