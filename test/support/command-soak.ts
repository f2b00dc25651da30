import { performance } from 'node:perf_hooks';
import { TypeOrmChatWorkspaceRepository, dataSourceOptionsFromUrl } from '@firebreak/persistence';
import { TurnContext, type Activity } from 'botbuilder';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { FakeBotConnector } from '../fakes/bot-connector/fake-bot-connector.js';
import { TeamsActivities } from '../fakes/bot-connector/teams-activities.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { LoopbackWebhookReceiver } from './communications-fakes.js';
import { discordEnvironment } from './discord-gateway.js';
import { API_TOKEN, BEARER } from './gateway-app.js';

/**
 * The whole product under ordinary incident load, as `npm start` runs it: the gateway and the status page as
 * two processes on one database, every outbox consumer at work (Discord and Teams deliveries to the loopback
 * fakes, the status page's render cache and live feed, a webhook subscriber on loopback), API clients sending
 * commands while websocket clients watch the status page. The soak e2e asserts on it; the bench times it.
 */
export interface SoakWorkload {
  /** Concurrent API clients, each running its own incidents one after another. */
  readonly clients: number;
  /** Commands sent in all (spread evenly over the clients). */
  readonly commands: number;
  /** socket.io clients watching the status page. */
  readonly watchers: number;
}

export const SOAK_WORKLOAD: SoakWorkload = { clients: 8, commands: 3_000, watchers: 200 };

/** A running app process: the e2e starts them from the sources, the bench from dist/. */
export interface SoakApp {
  readonly url: string;
  stop(): Promise<void>;
}

export type SoakAppStarter<App extends SoakApp> = (
  kind: 'gateway' | 'status-page',
  environment: NodeJS.ProcessEnv,
) => Promise<App>;

export type SoakCommandKind = 'declare' | 'update' | 'action' | 'summary' | 'status' | 'component';

/** One command a client sent, and how the gateway answered it. */
export interface SentCommand {
  readonly client: number;
  readonly kind: SoakCommandKind;
  readonly ref: string;
  /** The unique text a declare (title), update, action or summary carried, to find it stored. */
  readonly marker: string | null;
  readonly status: number;
  readonly milliseconds: number;
}

export interface SoakRun {
  readonly sent: readonly SentCommand[];
  readonly seconds: number;
}

/** A websocket client of the status page: the update markers it has seen pushed. */
export interface SoakWatcher {
  readonly seen: Set<string>;
  readonly pushes: number;
}

const MARKER = /soak-[a-z]+-\d+-\d+/g;

interface SoakRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/**
 * One client's incidents, one after another: each is declared, worked on and resolved in twelve commands, with
 * a component of the client's own going down and back. Every command is a real change of what it touches, so
 * each stored effect can be traced back to the command that made it. Free text goes through the REST routes
 * and short commands through the command language.
 */
const LIFECYCLE: readonly SoakCommandKind[] = [
  'declare',
  'action',
  'update',
  'status',
  'component',
  'summary',
  'action',
  'update',
  'status',
  'component',
  'update',
  'status',
];
const STATUSES = ['identified', 'monitoring', 'resolved'] as const;
const COMPONENT_STATES = ['degraded_performance', 'operational'] as const;

const UPDATE_TEXT =
  'We are still investigating elevated error rates at checkout. Card payments in the EU fail intermittently ' +
  'while we roll back this afternoon’s deploy; retrying the payment usually works. Next update in 30 minutes.';
const ACTION_TEXT =
  'Drained the eu-west-1 worker pool and restarted the queue consumers one by one, watching the p95 latency ' +
  'of the payments API after each restart.';
const SUMMARY_TEXT =
  'Checkout requests time out for some customers since the deploy at 14:05; the rollback is under way and ' +
  'the card processor confirms nothing is wrong on their side.';

export class CommandSoak<App extends SoakApp> {
  readonly watchers: SoakWatcher[] = [];
  /** Commands sent again after their connection dropped. */
  resent = 0;
  private readonly sockets: Socket[] = [];
  private readonly apps: App[] = [];
  gateway!: App;
  statusPage!: App;

  private constructor(
    readonly workload: SoakWorkload,
    readonly discord: FakeDiscord,
    readonly teams: FakeBotConnector,
    readonly webhooks: LoopbackWebhookReceiver,
    readonly teamsChannel: TeamsActivities,
  ) {}

  /** Fakes, the database with Discord and Teams set up, both apps, a webhook subscriber and the watchers. */
  static async start<App extends SoakApp>(
    databaseUrl: string,
    startApp: SoakAppStarter<App>,
    workload: SoakWorkload = SOAK_WORKLOAD,
  ): Promise<CommandSoak<App>> {
    const [discord, teams, webhooks] = await Promise.all([
      FakeDiscord.start(),
      FakeBotConnector.start(),
      new LoopbackWebhookReceiver().start(),
    ]);
    const teamsChannel = new TeamsActivities({ serviceUrl: teams.serviceUrl, appId: 'firebreak-soak' });
    const soak = new CommandSoak<App>(workload, discord, teams, webhooks, teamsChannel);
    try {
      await soak.setUpChatWorkspaces(databaseUrl);
      await soak.startApps(databaseUrl, startApp);
      await soak.subscribeWebhook();
      await soak.createComponents();
      await soak.connectWatchers();
    } catch (error) {
      await soak.stop();
      throw error;
    }
    return soak;
  }

  /** The component each client takes down and brings back. */
  componentOf(client: number): string {
    return `Paiements ${client + 1} 💳`;
  }

  /** Runs every client to the end; answers the commands sent and how long it took. */
  async run(): Promise<SoakRun> {
    const perClient = Math.ceil(this.workload.commands / this.workload.clients);
    const sent: SentCommand[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: this.workload.clients }, async (_, client) => {
        let ref = '';
        for (let n = 0; n < perClient && sent.length < this.workload.commands; n += 1) {
          const command = await this.send(client, n, ref);
          sent.push(command);
          if (command.kind === 'declare') ref = command.ref;
        }
      }),
    );
    return { sent, seconds: (performance.now() - started) / 1000 };
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.disconnect();
    await Promise.all(this.apps.map((app) => app.stop()));
    await Promise.all([this.discord.stop(), this.teams.close(), this.webhooks.stop()]);
  }

  private send(client: number, n: number, ref: string): Promise<SentCommand> {
    const kind = LIFECYCLE[n % LIFECYCLE.length]!;
    const occurrence = LIFECYCLE.slice(0, n % LIFECYCLE.length).filter((each) => each === kind).length;
    return this.sendCommand(client, kind, ref, n, occurrence);
  }

  /**
   * Sends one command of a kind for a client: `n` makes its marker and idempotency key unique, `occurrence`
   * picks the status (identified, monitoring, resolved) or the component state (degraded, operational).
   */
  async sendCommand(
    client: number,
    kind: SoakCommandKind,
    ref: string,
    n: number,
    occurrence: number,
  ): Promise<SentCommand> {
    const marker = kind === 'status' || kind === 'component' ? null : `soak-${kind}-${client + 1}-${n}`;
    const request = this.requestFor(kind, client, occurrence, ref, marker);
    const started = performance.now();
    const response = await this.deliver(request, `soak-${client + 1}-${n}`);
    const answer = (await response.json().catch(() => null)) as { ref?: string } | null;
    const milliseconds = performance.now() - started;
    const declared = kind === 'declare' ? (answer?.ref ?? `unknown-${client + 1}-${n}`) : ref;
    return { client, kind, ref: declared, marker, status: response.status, milliseconds };
  }

  /**
   * Sends a command as a careful client does: with an idempotency key, sending it again when the connection
   * dropped before an answer came (a kept-alive connection the server closed as the request went out). The
   * key makes the gateway apply it once however often it arrives.
   */
  private async deliver(request: SoakRequest, idempotencyKey: string): Promise<Response> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await fetch(`${this.gateway.url}${request.path}`, {
          method: request.method,
          headers: {
            Authorization: BEARER,
            'Content-Type': 'application/json',
            'Idempotency-Key': idempotencyKey,
          },
          body: JSON.stringify(request.body),
        });
      } catch (error) {
        if (attempt >= 3) throw error;
        this.resent += 1;
      }
    }
  }

  private requestFor(
    kind: SoakCommandKind,
    client: number,
    occurrence: number,
    ref: string,
    marker: string | null,
  ): SoakRequest {
    const command = (text: string) => ({ method: 'POST', path: '/api/v1/commands', body: { text } });
    switch (kind) {
      case 'declare':
        // Through the REST route, so the incident has a public title for its public updates.
        return {
          method: 'POST',
          path: '/api/v1/incidents',
          body: { title: `Checkout ${marker} échoue 🔥`, publicTitle: `Checkout ${marker} is slow` },
        };
      case 'update':
        return {
          method: 'POST',
          path: `/api/v1/incidents/${ref}/updates`,
          body: { body: `${UPDATE_TEXT} (${marker})` },
        };
      case 'action':
        return {
          method: 'POST',
          path: `/api/v1/incidents/${ref}/actions`,
          body: { kind: 'action', text: `${ACTION_TEXT} (${marker})` },
        };
      case 'summary':
        return {
          method: 'PATCH',
          path: `/api/v1/incidents/${ref}`,
          body: { summary: `${SUMMARY_TEXT} (${marker})` },
        };
      case 'status':
        return command(`status ${ref} ${STATUSES[occurrence]}`);
      case 'component':
        return command(`component ${ref} ${this.componentOf(client)} ${COMPONENT_STATES[occurrence]}`);
    }
  }

  /** What `/incident setup` in Discord and `setup` in Teams store, written before the gateway starts. */
  private async setUpChatWorkspaces(databaseUrl: string): Promise<void> {
    const dataSource = await new DataSource(dataSourceOptionsFromUrl(databaseUrl)).initialize();
    try {
      const workspaces = new TypeOrmChatWorkspaceRepository(dataSource.manager);
      const incidents = this.discord.findChannelByName('incidents')!;
      await workspaces.save({
        platform: 'discord',
        workspaceId: this.discord.guildId,
        incidentsChannelId: incidents.id,
        settings: incidents.parent_id ? { incidentCategoryId: incidents.parent_id } : {},
        updatedAt: new Date(),
      });
      const channel = this.teamsChannel;
      const reference = TurnContext.getConversationReference(
        channel.channelMention('setup') as unknown as Partial<Activity>,
      );
      await workspaces.save({
        platform: 'teams',
        workspaceId: channel.teamId,
        incidentsChannelId: channel.channelId,
        settings: {
          teamName: channel.teamName,
          tenantId: channel.tenantId,
          serviceUrl: channel.serviceUrl,
          channelReference: {
            ...reference,
            activityId: undefined,
            conversation: {
              id: channel.channelId,
              isGroup: true,
              conversationType: 'channel',
              tenantId: channel.tenantId,
              name: channel.channelName,
            },
          },
        },
        updatedAt: new Date(),
      });
    } finally {
      await dataSource.destroy();
    }
  }

  private async startApps(databaseUrl: string, startApp: SoakAppStarter<App>): Promise<void> {
    const shared = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
    // The gateway first: it finds the schema migrated; the status page then finds nothing to migrate either.
    this.gateway = await startApp('gateway', {
      ...shared,
      ...discordEnvironment(this.discord),
      FIREBREAK_API_TOKENS: API_TOKEN,
      RATE_LIMIT_COMMANDS_PER_MINUTE: '0',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '0',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      RATE_LIMIT_CHAT_PER_MINUTE: '0',
      // Teams without a Microsoft app (Bot Framework development mode), replying to the loopback connector.
      TEAMS_DEVELOPMENT_MODE: 'true',
      WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.1/32',
      NOTIFY_RETRY_BASE_MS: '200',
    });
    this.apps.push(this.gateway);
    this.statusPage = await startApp('status-page', shared);
    this.apps.push(this.statusPage);
  }

  private async subscribeWebhook(): Promise<void> {
    const response = await fetch(`${this.gateway.url}/api/v1/subscriptions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ webhook: this.webhooks.url('/status-hook') }),
    });
    if (response.status !== 202) throw new Error(`Subscribing the webhook answered ${response.status}`);
    this.webhooks.secret = ((await response.json()) as { secret: string }).secret;
  }

  private async createComponents(): Promise<void> {
    for (let client = 0; client < this.workload.clients; client += 1) {
      const response = await fetch(`${this.gateway.url}/api/v1/components`, {
        method: 'POST',
        headers: { Authorization: BEARER, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: this.componentOf(client) }),
      });
      if (!response.ok) throw new Error(`Creating a component answered ${response.status}`);
    }
  }

  private async connectWatchers(): Promise<void> {
    await Promise.all(
      Array.from({ length: this.workload.watchers }, async () => {
        const socket = io(this.statusPage.url, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
        });
        this.sockets.push(socket);
        const watcher = { seen: new Set<string>(), pushes: 0 };
        socket.on('status', (message: { regions: Record<string, string> }) => {
          watcher.pushes += 1;
          // A published update always changes its incident's update list, the smallest region that shows it.
          for (const [region, html] of Object.entries(message.regions))
            if (region.startsWith('updates-'))
              for (const [marker] of html.matchAll(MARKER)) watcher.seen.add(marker);
        });
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
        this.watchers.push(watcher);
      }),
    );
  }
}
