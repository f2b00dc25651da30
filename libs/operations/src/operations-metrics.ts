import { Inject, Injectable, Optional } from '@nestjs/common';
import { OutboxRelay, statementsSent } from '@firebreak/persistence';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { OPERATIONS_OPTIONS, type OperationsOptions } from './operations-options.js';

/**
 * Outbox consumers whose failures are failures to reach an outside service: a retry of one of them is a
 * connector error (Discord or the Bot Connector down, rate limited or refusing).
 */
const DELIVERING_CONSUMERS: Readonly<Record<string, string>> = {
  'discord-delivery': 'discord',
  'teams-delivery': 'teams',
  'followup-tracker-export': 'issue-tracker',
};

/**
 * The process's Prometheus metrics. Inject it to count what only your module sees: connectors call
 * `connectorError(...)`, the status page's websocket gateway calls `setWebsocketClients(...)`.
 */
@Injectable()
export class OperationsMetrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'firebreak_http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'firebreak_commands_total',
    help: 'Incident commands by type and outcome (applied, replayed or the refusal code).',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly outboxRetries = new Counter({
    name: 'firebreak_outbox_consumer_retries_total',
    help: 'Failed outbox deliveries that will be retried, by consumer.',
    labelNames: ['consumer'] as const,
    registers: [this.registry],
  });

  readonly connectorErrors = new Counter({
    name: 'firebreak_connector_errors_total',
    help: 'Errors talking to a chat platform or other outside service, by connector and kind.',
    labelNames: ['connector', 'kind'] as const,
    registers: [this.registry],
  });

  readonly sqlStatements = new Counter({
    name: 'firebreak_sql_statements_total',
    help: 'SQL statements sent to the database, by origin (outbox consumers, or requests and schedulers).',
    labelNames: ['origin'] as const,
    registers: [this.registry],
    collect() {
      this.reset();
      for (const [origin, count] of Object.entries(statementsSent())) this.inc({ origin }, count);
    },
  });

  private websocketCount: (() => number) | null = null;

  readonly websocketClients = new Gauge({
    name: 'firebreak_websocket_clients',
    help: 'Websocket clients connected to this replica.',
    registers: [this.registry],
    collect: () => {
      if (this.websocketCount) this.websocketClients.set(this.websocketCount());
    },
  });

  readonly rateLimited = new Counter({
    name: 'firebreak_rate_limited_total',
    help: 'Requests refused with 429, by rate limit.',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  constructor(
    @Inject(OPERATIONS_OPTIONS) options: OperationsOptions,
    @Optional() @Inject(OutboxRelay) relay: OutboxRelay | null,
  ) {
    this.registry.setDefaultLabels({ service: options.service });
    collectDefaultMetrics({ register: this.registry, prefix: 'firebreak_' });
    if (relay) {
      new Gauge({
        name: 'firebreak_outbox_lag_events',
        help: 'Outbox events a consumer still has to handle.',
        labelNames: ['consumer'] as const,
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const each of await relay.lag()) this.set({ consumer: each.name }, each.lag);
        },
      });
      relay.onConsumerRetry((consumer) => {
        this.outboxRetries.inc({ consumer });
        const connector = DELIVERING_CONSUMERS[consumer];
        if (connector) this.connectorError(connector, 'delivery');
      });
    }
  }

  /** Counts one failed call to an outside service (`connector`: discord, teams, email, webhook…). */
  connectorError(connector: string, kind = 'error'): void {
    this.connectorErrors.inc({ connector, kind });
  }

  setWebsocketClients(count: number): void {
    this.websocketClients.set(count);
  }

  /** Reads the websocket client count at each scrape (the shared socket.io adapter registers it). */
  countWebsocketClients(count: () => number): void {
    this.websocketCount = count;
  }

  metricsText(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
