import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock } from '@firebreak/incident';
import { type FixedClock } from '@firebreak/incident/testing';
import { CommunicationsScheduler } from '../../apps/gateway/src/communications/communications-scheduler.js';
import { loadGatewayConfig } from '../../apps/gateway/src/config/gateway-config.js';
import { configureGateway } from '../../apps/gateway/src/configure-gateway.js';
import { GatewayModule } from '../../apps/gateway/src/gateway.module.js';
import { API_TOKEN } from './gateway-app.js';

/**
 * The real gateway on loopback with a FixedClock in place of the system clock and the scheduler's timer off,
 * so a test moves time by hand and calls `tick()` itself.
 */
export async function startGatewayWithClock(
  databaseUrl: string,
  clock: FixedClock,
  environment: NodeJS.ProcessEnv = {},
): Promise<{ app: INestApplication; tick: () => Promise<void> }> {
  const config = loadGatewayConfig({
    DATABASE_URL: databaseUrl,
    FIREBREAK_API_TOKENS: API_TOKEN,
    OUTBOX_POLL_MS: '20',
    COMMS_TICK_MS: '0',
    ...environment,
  });
  const moduleRef = await Test.createTestingModule({ imports: [GatewayModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ rawBody: true, logger: false });
  configureGateway(app);
  await app.listen(0, '127.0.0.1');
  const scheduler = app.get(CommunicationsScheduler);
  return { app, tick: () => scheduler.tick() };
}
