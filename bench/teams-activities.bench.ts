import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { TEAMS_BOT_AUTHENTICATION } from '@firebreak/teams';
import { loadGatewayConfig } from '../apps/gateway/src/config/gateway-config.js';
import { configureGateway } from '../apps/gateway/src/configure-gateway.js';
import { GatewayModule } from '../apps/gateway/src/gateway.module.js';
import { FakeBotConnector } from '../test/fakes/bot-connector/fake-bot-connector.js';
import {
  createLoopbackBotFrameworkAuthentication,
  FakeTokenIssuer,
} from '../test/fakes/bot-connector/fake-token-issuer.js';
import { graphMember } from '../test/fakes/bot-connector/fake-graph-team-members.js';
import { type InboundActivity, TeamsActivities } from '../test/fakes/bot-connector/teams-activities.js';
import { ms, percentile, report } from './bench-report.js';

/**
 * A Teams activity received on POST /api/messages -> the reply sent to the Bot Connector,
 * p50/p99 over 1,000 activities on loopback. The real gateway, botbuilder's token validation and outbound
 * MSAL token, SQLite on disk. `CloudAdapter.process` answers the POST only after the turn's reply was
 * accepted by the connector, so the POST round trip bounds "received -> reply sent" from above.
 */
const ACTIVITIES = 1_000;
const WARM_UP = 50;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-teams-bench-'));
  const appId = randomUUID();
  const password = `bench-${randomUUID()}`;
  const [connector, issuer] = await Promise.all([FakeBotConnector.start(), FakeTokenIssuer.start()]);
  const config = loadGatewayConfig({
    DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
    MICROSOFT_APP_ID: appId,
    MICROSOFT_APP_PASSWORD: password,
    // `setup` reads the team's owners through Graph: the fake's, never Microsoft's.
    MICROSOFT_GRAPH_URL: connector.graphUrl,
    MICROSOFT_GRAPH_LOGIN_URL: connector.graphLoginUrl,
    OUTBOX_POLL_MS: '200',
  });
  const moduleRef = await Test.createTestingModule({ imports: [GatewayModule.forRoot(config)] })
    .overrideProvider(TEAMS_BOT_AUTHENTICATION)
    .useValue(createLoopbackBotFrameworkAuthentication(issuer, connector, appId, password))
    .compile();
  const app = moduleRef.createNestApplication({ rawBody: true, logger: false });
  configureGateway(app);
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/api/messages`.replace('[::1]', '127.0.0.1');
  const teams = new TeamsActivities({ serviceUrl: connector.serviceUrl, appId });
  connector.graphMembers.setMembers(
    teams.teamAadGroupId,
    [graphMember(teams.user, ['owner'])],
    teams.tenantId,
  );
  const authorization = await issuer.authorization({ audience: appId, serviceUrl: connector.serviceUrl });

  const post = async (activity: InboundActivity): Promise<number> => {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(activity),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`POST /api/messages answered ${response.status}`);
    return performance.now() - started;
  };

  try {
    await post(teams.channelMention('setup'));
    await post(teams.channelMention('incident declare Bench incident'));
    const texts = (n: number): string =>
      [
        `note INC-1 Observation ${n}`,
        'show INC-1',
        `sev INC-1 ${['critical', 'major', 'minor'][n % 3]}`,
        'list',
        'help',
      ][n % 5]!;
    for (let n = 0; n < WARM_UP; n += 1) await post(teams.personalMessage(texts(n)));
    connector.reset();
    const samples: number[] = [];
    const started = performance.now();
    for (let n = 0; n < ACTIVITIES; n += 1) samples.push(await post(teams.personalMessage(texts(n))));
    const seconds = (performance.now() - started) / 1000;
    const replies = connector.calls.filter(
      (call) => call.operation === 'replyToActivity' && call.status === 200,
    );

    report('teams activities (mixed commands)', `${ACTIVITIES}`);
    report('replies sent', `${replies.length}`);
    report('activities/s (sequential)', (ACTIVITIES / seconds).toFixed(0));
    report('activity received -> reply sent p50', ms(percentile(samples, 50)));
    const p99 = percentile(samples, 99);
    report('activity received -> reply sent p99', ms(p99), '< 100 ms', p99 < 100);
  } finally {
    await app.close();
    await Promise.all([connector.close(), issuer.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
