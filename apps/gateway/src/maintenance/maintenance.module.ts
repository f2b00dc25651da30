import { Module } from '@nestjs/common';
import { Clock, MaintenanceService, UnitOfWork } from '@firebreak/incident';
import { MaintenancesController } from '../http/maintenances.controller.js';

/** The maintenance API; the domain service is built here so the domain stays decorator-free. */
@Module({
  controllers: [MaintenancesController],
  providers: [
    {
      provide: MaintenanceService,
      useFactory: (unitOfWork: UnitOfWork, clock: Clock) => new MaintenanceService(unitOfWork, clock),
      inject: [UnitOfWork, Clock],
    },
  ],
})
export class MaintenanceModule {}
