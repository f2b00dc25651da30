import { type DynamicModule, Module } from '@nestjs/common';
import { PersistenceModule } from '@firebreak/persistence';
import { HealthController } from './health.controller.js';
import { STATUS_PAGE_CONFIG, type StatusPageConfig } from './status-page-config.js';

@Module({})
export class StatusPageModule {
  static forRoot(config: StatusPageConfig): DynamicModule {
    return {
      module: StatusPageModule,
      imports: [PersistenceModule.forRoot({ databaseUrl: config.DATABASE_URL })],
      controllers: [HealthController],
      providers: [{ provide: STATUS_PAGE_CONFIG, useValue: config }],
    };
  }
}
