import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { IncidentService, SystemClock } from '@firebreak/incident';
import { AddressRanges } from '@firebreak/operations';
import { ShownComponentsReader } from '@firebreak/status';
import {
  NotificationDispatcher,
  SmtpEmailSender,
  SubscriberFanout,
  WebhookAddressPolicy,
  verifyWebhookSignature,
  WebhookSender,
  WEBHOOK_SIGNATURE_HEADER,
} from '@firebreak/notifications';
import {
  dataSourceOptionsFromUrl,
  OutboxEventRow,
  SubscriberRow,
  toOutboxEvent,
  TypeOrmNotificationQueue,
  TypeOrmSubscriberRepository,
  TypeOrmUnitOfWork,
} from '@firebreak/persistence';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { ms, report } from './bench-report.js';

/**
 * 10,000 subscribers notified of one public update — from the update's commit, through the fan-out
 * consumer and the delivery queue on a real SQLite file, to the last delivery received by a loopback webhook
 * receiver (10,000 webhook subscribers) and by a loopback SMTP server (10,000 email subscribers). Receivers run
 * in this process, so they share the two cores with the sender.
 */
const SUBSCRIBERS = 10_000;
const SECRET = 'bench-secret-0123456789abcdef0123';
const TARGET_MS = 60_000;

async function webhookReceiver(expected: number) {
  let received = 0;
  let badSignatures = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!verifyWebhookSignature(SECRET, body, request.headers[WEBHOOK_SIGNATURE_HEADER] as string))
        badSignatures += 1;
      response.writeHead(204).end();
      if (++received === expected) resolveDone();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    done,
    stats: () => ({ received, badSignatures }),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function smtpReceiver(expected: number) {
  let received = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, callback) => {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        callback();
        if (++received === expected) resolveDone();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    done,
    stats: () => ({ received }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function scenario(channel: 'webhook' | 'email'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-bench-notify-'));
  const dataSource = new DataSource(dataSourceOptionsFromUrl(`sqlite:${join(dir, 'bench.sqlite')}`));
  await dataSource.initialize();
  const webhooks = await webhookReceiver(SUBSCRIBERS);
  const smtp = await smtpReceiver(SUBSCRIBERS);
  const clock = new SystemClock();
  try {
    const now = new Date();
    const rows = Array.from({ length: SUBSCRIBERS }, (_, n) => ({
      channel,
      address: channel === 'webhook' ? webhooks.url : `subscriber${n}@example.test`,
      componentIdsJson: '[]',
      state: 'active',
      token: `token-${channel}-${n}-abcdefghijklmnop`,
      secret: channel === 'webhook' ? SECRET : null,
      contactEmail: null,
      consecutiveFailures: 0,
      createdAt: now,
      confirmedAt: now,
      disabledAt: null,
    }));
    for (let start = 0; start < rows.length; start += 500)
      await dataSource.manager.insert(SubscriberRow, rows.slice(start, start + 500));

    const unitOfWork = new TypeOrmUnitOfWork(dataSource);
    const service = new IncidentService(unitOfWork, clock);
    const ops = { actor: { id: 'api:bench', displayName: 'bench' }, location: null, privileged: true };
    await service.run('declare Checkout errors', ops);
    await service.run('public-title INC-1 Checkout errors', ops);

    const subscribers = new TypeOrmSubscriberRepository(dataSource.manager);
    const queue = new TypeOrmNotificationQueue(dataSource.manager);
    const page = { id: 'bench', name: 'Bench Status', url: 'http://status.example.test' };
    const links = {
      confirm: (s: { token: string }) =>
        `http://gateway.example.test/api/v1/subscriptions/confirm/${s.token}`,
      unsubscribe: (s: { token: string }) =>
        `http://gateway.example.test/api/v1/subscriptions/unsubscribe/${s.token}`,
    };
    const email = new SmtpEmailSender(smtp.url, 'Bench <bench@example.test>', 10);
    // The receiver is on loopback: allowed explicitly, as an operator allows an on-premises receiver.
    const webhookSender = new WebhookSender(
      10_000,
      new WebhookAddressPolicy(AddressRanges.parse('127.0.0.1')),
    );
    const dispatcher = new NotificationDispatcher(subscribers, queue, email, webhookSender, clock, {
      page,
      links,
      documentationUrl: 'http://gateway.example.test/api/v1/subscriptions',
      maxWebhookFailures: 10,
      retryBaseMs: 1000,
      batchSize: 1000,
      concurrency: channel === 'webhook' ? 64 : 20,
    });
    const components = new ShownComponentsReader(unitOfWork, clock);
    const fanout = new SubscriberFanout(subscribers, queue, page, components, clock);

    const started = performance.now();
    await service.run('update INC-1 We have identified the cause and are rolling out a fix.', ops);
    const row = await dataSource.manager.findOneOrFail(OutboxEventRow, {
      where: { type: 'status_update.published' },
    });
    const { event } = toOutboxEvent(row);
    if (!event) throw new Error('the stored update did not decode');
    await fanout.handle(event);
    const queued = performance.now();
    const delivering = dispatcher.runOnce();
    await (channel === 'webhook' ? webhooks.done : smtp.done);
    const lastDelivery = performance.now();
    await delivering;
    const recorded = performance.now();
    email.close();
    webhookSender.close();

    const label = channel === 'webhook' ? 'webhook receiver' : 'SMTP server';
    const total = lastDelivery - started;
    report(`${channel}: fan-out into the delivery queue (${SUBSCRIBERS})`, ms(queued - started));
    report(
      `${channel}: time to last delivery at the ${label}`,
      ms(total),
      `< ${TARGET_MS / 1000} s`,
      total < TARGET_MS,
    );
    report(`${channel}: deliveries per second`, `${((SUBSCRIBERS / total) * 1000).toFixed(0)}/s`);
    report(`${channel}: all marked delivered in the queue`, ms(recorded - started));
    if (channel === 'webhook') report('webhook: bad signatures', String(webhooks.stats().badSignatures));
    report(`${channel}: still pending afterwards`, String(await queue.pendingCount()));
  } finally {
    await webhooks.close();
    await smtp.close();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `${SUBSCRIBERS.toLocaleString('en')} subscribers notified of one update (SQLite queue, loopback receivers)`,
  );
  await scenario('webhook');
  await scenario('email');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
