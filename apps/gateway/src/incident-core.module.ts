import { Global, Module } from '@nestjs/common';
import { Clock, IncidentService, ReviewService, SystemClock, UnitOfWork } from '@firebreak/incident';

/** Builds the decorator-free domain services for Nest, from the ports persistence provides. */
@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    {
      provide: IncidentService,
      useFactory: (unitOfWork: UnitOfWork, clock: Clock) => new IncidentService(unitOfWork, clock),
      inject: [UnitOfWork, Clock],
    },
    {
      provide: ReviewService,
      useFactory: (unitOfWork: UnitOfWork, clock: Clock) => new ReviewService(unitOfWork, clock),
      inject: [UnitOfWork, Clock],
    },
  ],
  exports: [Clock, IncidentService, ReviewService],
})
export class IncidentCoreModule {}
