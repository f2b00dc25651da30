import {
  Clock,
  CommandSettings,
  CommunicationsQueries,
  ReminderService,
  UnitOfWork,
  UpdateScheduler,
} from '@firebreak/incident';
import { Module } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { reminderPolicyFrom } from './communications-config.js';
import { CommunicationsScheduler, TICK_TASKS } from './communications-scheduler.js';
import { NotificationPump, NotificationsModule } from './notifications.module.js';
import { scheduledWorkBackoff } from '../scheduled-work-backoff.js';

/** With the timer off (tests tick by hand) failed items still pause, starting from the default tick. */
const tickMsOf = (config: GatewayConfig): number => config.COMMS_TICK_MS || 5_000;

/** Scheduled updates, reminders and subscriber notifications, plus the scheduler that ticks them. */
@Module({
  imports: [NotificationsModule],
  providers: [
    {
      provide: UpdateScheduler,
      useFactory: (unitOfWork: UnitOfWork, clock: Clock, config: GatewayConfig) =>
        new UpdateScheduler(unitOfWork, clock, scheduledWorkBackoff(UpdateScheduler.name, tickMsOf(config))),
      inject: [UnitOfWork, Clock, GATEWAY_CONFIG],
    },
    {
      provide: ReminderService,
      useFactory: (unitOfWork: UnitOfWork, clock: Clock, config: GatewayConfig, settings: CommandSettings) =>
        new ReminderService(
          unitOfWork,
          clock,
          scheduledWorkBackoff(ReminderService.name, tickMsOf(config)),
          reminderPolicyFrom(config, settings.engagement),
        ),
      inject: [UnitOfWork, Clock, GATEWAY_CONFIG, CommandSettings],
    },
    { provide: TICK_TASKS, useFactory: (pump: NotificationPump) => [pump], inject: [NotificationPump] },
    CommunicationsScheduler,
    {
      provide: CommunicationsQueries,
      useFactory: (unitOfWork: UnitOfWork) => new CommunicationsQueries(unitOfWork),
      inject: [UnitOfWork],
    },
  ],
  exports: [CommunicationsScheduler, CommunicationsQueries, NotificationsModule],
})
export class CommunicationsModule {}
