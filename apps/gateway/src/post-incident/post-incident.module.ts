import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import {
  Clock,
  CommandSettings,
  DeliveryLog,
  FollowupReminders,
  IncidentService,
  UnitOfWork,
  WriteUpService,
} from '@firebreak/incident';
import { OutboxRelay } from '@firebreak/persistence';
import type { GatewayConfig } from '../config/gateway-config.js';
import { scheduledWorkBackoff } from '../scheduled-work-backoff.js';
import { FOLLOWUP_TICK_MS, FollowupReminderScheduler } from './followup-reminder.scheduler.js';
import { FollowupTrackerExporter } from './followup-tracker.consumer.js';
import { WriteUpsController } from '../http/write-ups.controller.js';

const TRACKER_EXPORTER = Symbol('TRACKER_EXPORTER');

class TrackerRegistration implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly exporter: FollowupTrackerExporter | null,
  ) {}

  onModuleInit(): void {
    if (this.exporter) this.relay.register(this.exporter);
  }
}

/** After the incident: write-ups, follow-up digests and reminders, export of follow-ups to an issue tracker. */
@Module({})
export class PostIncidentModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: PostIncidentModule,
      controllers: [WriteUpsController],
      providers: [
        {
          provide: WriteUpService,
          useFactory: (unitOfWork: UnitOfWork, clock: Clock, settings: CommandSettings) =>
            new WriteUpService(unitOfWork, clock, settings),
          inject: [UnitOfWork, Clock, CommandSettings],
        },
        {
          provide: FollowupReminders,
          useFactory: (unitOfWork: UnitOfWork, clock: Clock) =>
            new FollowupReminders(
              unitOfWork,
              clock,
              { day: config.FOLLOWUP_DIGEST_DAY, time: config.FOLLOWUP_DIGEST_TIME },
              scheduledWorkBackoff('FollowupReminders', config.FOLLOWUP_REMINDER_TICK_MS),
            ),
          inject: [UnitOfWork, Clock],
        },
        { provide: FOLLOWUP_TICK_MS, useValue: config.FOLLOWUP_REMINDER_TICK_MS },
        FollowupReminderScheduler,
        {
          provide: TRACKER_EXPORTER,
          useFactory: (incidents: IncidentService, deliveries: DeliveryLog) =>
            config.FOLLOWUP_TRACKER_URL && config.FOLLOWUP_TRACKER_TOKEN
              ? new FollowupTrackerExporter(
                  { url: config.FOLLOWUP_TRACKER_URL, token: config.FOLLOWUP_TRACKER_TOKEN },
                  incidents,
                  deliveries,
                )
              : null,
          inject: [IncidentService, DeliveryLog],
        },
        {
          provide: TrackerRegistration,
          useFactory: (relay: OutboxRelay, exporter: FollowupTrackerExporter | null) =>
            new TrackerRegistration(relay, exporter),
          inject: [OutboxRelay, TRACKER_EXPORTER],
        },
      ],
      exports: [FollowupReminderScheduler, WriteUpService],
    };
  }
}
