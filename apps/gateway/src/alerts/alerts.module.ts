import { Module } from '@nestjs/common';
import { AlertIntake, Clock, CommandSettings, UnitOfWork } from '@firebreak/incident';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { alertRoutingOf } from './alert-routes-config.js';
import { AlertsController } from '../http/alerts.controller.js';

/** Alerts in: the webhook for Alertmanager and Grafana, and the domain service it feeds. */
@Module({
  controllers: [AlertsController],
  providers: [
    {
      provide: AlertIntake,
      useFactory: (unitOfWork: UnitOfWork, clock: Clock, config: GatewayConfig, settings: CommandSettings) =>
        new AlertIntake(unitOfWork, clock, alertRoutingOf(config), settings),
      inject: [UnitOfWork, Clock, GATEWAY_CONFIG, CommandSettings],
    },
  ],
})
export class AlertsModule {}
