import {
  Clock,
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

/** Scheduled updates, reminders and subscriber notifications, plus the scheduler that ticks them. */
@Module({
  imports: [NotificationsModule],
  providers: [
    {
      provide: UpdateScheduler,
      useFactory: (unitOfWork: UnitOfWork, clock: Clock) => new UpdateScheduler(unitOfWork, clock),
      inject: [UnitOfWork, Clock],
    },
    {
      provide: ReminderService,
      useFactory: (unitOfWork: UnitOfWork, clock: Clock, config: GatewayConfig) =>
        new ReminderService(unitOfWork, clock, reminderPolicyFrom(config)),
      inject: [UnitOfWork, Clock, GATEWAY_CONFIG],
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
