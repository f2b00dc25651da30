import {
  Clock,
  NotificationQueue,
  SubscriberRepository,
  UnitOfWork,
  withoutTrailingSlashes,
} from '@firebreak/incident';
import {
  NotificationDispatcher,
  SmtpEmailSender,
  SubscriberFanout,
  SubscriptionService,
  WebhookAddressPolicy,
  WebhookSender,
  type PageIdentity,
  type SubscriptionLinks,
} from '@firebreak/notifications';
import { OutboxRelay, TypeOrmNotificationQueue, TypeOrmSubscriberRepository } from '@firebreak/persistence';
import { Inject, Injectable, Logger, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ShownComponentsReader } from '@firebreak/status';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { TickTask } from './communications-scheduler.js';

const PAGE_IDENTITY = Symbol('PAGE_IDENTITY');
const SUBSCRIPTION_LINKS = Symbol('SUBSCRIPTION_LINKS');

/** Runs the dispatcher when woken (new deliveries queued) and on every scheduler tick; never two at once. */
@Injectable()
export class NotificationPump extends TickTask implements OnModuleDestroy {
  readonly name = 'subscriber notifications';
  private running: Promise<unknown> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(NotificationDispatcher) private readonly dispatcher: NotificationDispatcher,
    @Inject('SMTP_SENDER') private readonly smtp: SmtpEmailSender | null,
    @Inject(WebhookSender) private readonly webhooks: WebhookSender,
  ) {
    super();
  }

  run(): Promise<unknown> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.dispatcher.runOnce();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  wake(): void {
    void this.run().catch((error: unknown) =>
      new Logger(NotificationPump.name).error(`notifications failed: ${String(error)}`),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
    this.smtp?.close();
    this.webhooks.close();
  }
}

/** Registers the fan-out consumer with the outbox relay. */
@Injectable()
class FanoutRegistration implements OnModuleInit {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(SubscriberFanout) private readonly fanout: SubscriberFanout,
  ) {}

  onModuleInit(): void {
    this.relay.register(this.fanout);
  }
}

/**
 * Subscribers: the fan-out outbox consumer, the delivery queue's dispatcher (SMTP via nodemailer, signed
 * webhooks) and the subscription service behind the public subscription endpoints.
 */
@Module({
  providers: [
    {
      provide: PAGE_IDENTITY,
      useFactory: (config: GatewayConfig): PageIdentity => ({
        id: config.NOTIFY_PAGE_ID,
        name: config.NOTIFY_PAGE_NAME,
        url: withoutTrailingSlashes(config.STATUS_PAGE_URL),
      }),
      inject: [GATEWAY_CONFIG],
    },
    {
      provide: SUBSCRIPTION_LINKS,
      useFactory: (config: GatewayConfig): SubscriptionLinks => {
        const base = `${withoutTrailingSlashes(config.PUBLIC_GATEWAY_URL)}/api/v1/subscriptions`;
        return {
          confirm: (subscriber) => `${base}/confirm/${subscriber.token}`,
          unsubscribe: (subscriber) => `${base}/unsubscribe/${subscriber.token}`,
        };
      },
      inject: [GATEWAY_CONFIG],
    },
    {
      provide: SubscriberRepository,
      useFactory: (dataSource: DataSource) => new TypeOrmSubscriberRepository(dataSource.manager),
      inject: [DataSource],
    },
    {
      provide: NotificationQueue,
      useFactory: (dataSource: DataSource) => new TypeOrmNotificationQueue(dataSource.manager),
      inject: [DataSource],
    },
    {
      provide: 'SMTP_SENDER',
      useFactory: (config: GatewayConfig) =>
        config.SMTP_URL ? new SmtpEmailSender(config.SMTP_URL, config.NOTIFY_FROM) : null,
      inject: [GATEWAY_CONFIG],
    },
    {
      provide: WebhookAddressPolicy,
      useFactory: (config: GatewayConfig) =>
        new WebhookAddressPolicy(config.WEBHOOK_ALLOWED_PRIVATE_NETWORKS),
      inject: [GATEWAY_CONFIG],
    },
    {
      provide: WebhookSender,
      useFactory: (policy: WebhookAddressPolicy) => new WebhookSender(10_000, policy),
      inject: [WebhookAddressPolicy],
    },
    {
      provide: NotificationDispatcher,
      useFactory: (
        config: GatewayConfig,
        subscribers: SubscriberRepository,
        queue: NotificationQueue,
        smtp: SmtpEmailSender | null,
        clock: Clock,
        page: PageIdentity,
        links: SubscriptionLinks,
        webhooks: WebhookSender,
      ) => {
        const logger = new Logger('Notifications');
        return new NotificationDispatcher(subscribers, queue, smtp, webhooks, clock, {
          page,
          links,
          documentationUrl: `${withoutTrailingSlashes(config.PUBLIC_GATEWAY_URL)}/api/v1/subscriptions`,
          maxWebhookFailures: config.WEBHOOK_MAX_FAILURES,
          retryBaseMs: config.NOTIFY_RETRY_BASE_MS,
          log: (line) => logger.warn(line),
        });
      },
      inject: [
        GATEWAY_CONFIG,
        SubscriberRepository,
        NotificationQueue,
        'SMTP_SENDER',
        Clock,
        PAGE_IDENTITY,
        SUBSCRIPTION_LINKS,
        WebhookSender,
      ],
    },
    NotificationPump,
    {
      provide: SubscriberFanout,
      useFactory: (
        subscribers: SubscriberRepository,
        queue: NotificationQueue,
        page: PageIdentity,
        unitOfWork: UnitOfWork,
        clock: Clock,
        pump: NotificationPump,
      ) =>
        new SubscriberFanout(
          subscribers,
          queue,
          page,
          new ShownComponentsReader(unitOfWork, clock),
          clock,
          () => pump.wake(),
        ),
      inject: [SubscriberRepository, NotificationQueue, PAGE_IDENTITY, UnitOfWork, Clock, NotificationPump],
    },
    FanoutRegistration,
    {
      provide: SubscriptionService,
      useFactory: (
        config: GatewayConfig,
        subscribers: SubscriberRepository,
        queue: NotificationQueue,
        unitOfWork: UnitOfWork,
        clock: Clock,
        pump: NotificationPump,
        webhookAddresses: WebhookAddressPolicy,
      ) =>
        new SubscriptionService(
          subscribers,
          queue,
          async () => ({ list: () => unitOfWork.read((stores) => stores.components.list()) }),
          clock,
          {
            emailEnabled: Boolean(config.SMTP_URL),
            webhookAddresses,
            confirmationWindowMs: config.SUBSCRIBE_CONFIRMATION_WINDOW_MINUTES * 60_000,
          },
          () => pump.wake(),
        ),
      inject: [
        GATEWAY_CONFIG,
        SubscriberRepository,
        NotificationQueue,
        UnitOfWork,
        Clock,
        NotificationPump,
        WebhookAddressPolicy,
      ],
    },
  ],
  exports: [SubscriptionService, NotificationPump, NotificationQueue, SubscriberRepository],
})
export class NotificationsModule {}
