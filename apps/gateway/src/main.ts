import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { discordSettingsFrom } from '@firebreak/discord';
import { enableGracefulShutdown, OperationsLogger } from '@firebreak/operations';
import { ConfigurationError, loadGatewayConfig } from './config/gateway-config.js';
import { configureGateway } from './configure-gateway.js';
import { GatewayModule } from './gateway.module.js';

async function bootstrap(): Promise<void> {
  const config = loadGatewayConfig();
  const app = await NestFactory.create(GatewayModule.forRoot(config), {
    rawBody: true,
    // While shutting down, requests still arriving on open connections get 503 problem+json with
    // Connection: close from the operations middleware (Nest's own return503OnClosing answers plain text).
    bufferLogs: true,
  });
  app.useLogger(app.get(OperationsLogger));
  // Signals close the app (after SHUTDOWN_GRACE_MS for SIGTERM) and exit 0 after a clean shutdown; tests
  // that boot the app in-process close it themselves.
  enableGracefulShutdown(app, config.SHUTDOWN_GRACE_MS);
  configureGateway(app);
  if (config.FIREBREAK_API_TOKENS.size === 0) {
    new Logger('Gateway').warn(
      'FIREBREAK_API_TOKENS is not set: every /api/v1 request will be refused with 401.',
    );
  }
  if (!discordSettingsFrom(config)) {
    new Logger('Gateway').log(
      'Discord connector disabled: set DISCORD_TOKEN and DISCORD_APPLICATION_ID to enable it.',
    );
  }
  await app.listen(config.GATEWAY_PORT, config.GATEWAY_HOST);
  new Logger('Gateway').log(`Listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
