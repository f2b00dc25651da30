import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PersistenceModule } from '@firebreak/persistence';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway-config.js';
import { ActionItemsController } from './http/action-items.controller.js';
import { ApiAuthGuard } from './http/api-auth.guard.js';
import { CommandsController } from './http/commands.controller.js';
import { ComponentsController } from './http/components.controller.js';
import { HealthController } from './http/health.controller.js';
import { IncidentsController } from './http/incidents.controller.js';
import { IncidentCoreModule } from './incident-core.module.js';

/** Wires the libraries into the gateway process; no logic lives here. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        {
          module: class GatewayConfigModule {},
          global: true,
          providers: [{ provide: GATEWAY_CONFIG, useValue: config }],
          exports: [GATEWAY_CONFIG],
        },
        PersistenceModule.forRoot({ databaseUrl: config.DATABASE_URL, outboxPollMs: config.OUTBOX_POLL_MS }),
        IncidentCoreModule,
      ],
      controllers: [
        HealthController,
        IncidentsController,
        ComponentsController,
        ActionItemsController,
        CommandsController,
      ],
      providers: [{ provide: APP_GUARD, useClass: ApiAuthGuard }],
    };
  }
}
