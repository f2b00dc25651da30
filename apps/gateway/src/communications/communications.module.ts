import { Clock, ReminderService, UnitOfWork, UpdateScheduler } from '@firebreak/incident';
import { Module } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { reminderPolicyFrom } from './communications-config.js';
import { CommunicationsScheduler, TICK_TASKS } from './communications-scheduler.js';

/** Scheduled updates and reminders: the domain services plus the scheduler that ticks them. */
@Module({
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
    { provide: TICK_TASKS, useValue: [] },
    CommunicationsScheduler,
  ],
  exports: [CommunicationsScheduler],
})
export class CommunicationsModule {}
