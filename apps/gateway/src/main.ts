import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { discordSettingsFrom } from '@firebreak/discord';
import { OperationsLogger } from '@firebreak/operations';
import { ConfigurationError, loadGatewayConfig } from './config/gateway-config.js';
import { configureGateway } from './configure-gateway.js';
import { GatewayModule } from './gateway.module.js';

async function bootstrap(): Promise<void> {
  const config = loadGatewayConfig();
  const app = await NestFactory.create(GatewayModule.forRoot(config), {
    rawBody: true,
    bufferLogs: true,
    // While shutting down, requests arriving on kept-alive connections get 503 + Connection: close.
    return503OnClosing: true,
  });
  app.useLogger(app.get(OperationsLogger));
  // Registered before configureGateway's own call, so SIGTERM ends with exit code 0 after a clean shutdown.
  app.enableShutdownHooks([], { useProcessExit: true });
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
