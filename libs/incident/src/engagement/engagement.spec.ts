import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentError } from '../errors.js';
import { CommandSettings, DEFAULT_COMMAND_SETTINGS } from '../commands/command-settings.js';
import type { CommandContext } from '../commands/command-context.js';
import { parseCommand } from '../commands/command-parser.js';
import { IncidentService } from '../commands/incident-service.js';
import type { DeliveryLog, DeliveryRecord } from '../ports/chat-workspace.js';
import { FixedClock } from '../testing/fixed-clock.js';
import type { Participant } from '../model/participant.js';
import { PublicLinks } from '../model/public-links.js';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work.js';
import { callProviderFor, callUrlFrom, pageTargetFor, type EngagementSettings } from './engagement.js';
import { Pager, PagerDelivery, type PagerRequest } from './pager-delivery.js';

const zoe: Participant = { id: 'discord:7', displayName: 'Zoë Ångström 🔥' };
const bob: Participant = { id: 'teams:29:bob', displayName: 'Bob' };

const ENGAGEMENT: EngagementSettings = {
  paging: { pagerDuty: { hasDefault: true, services: ['Payments API'] }, webhook: false },
  calls: { platforms: ['discord'], urlTemplate: 'https://meet.jit.si/firebreak-{ref}' },
};

class RecordingPager extends Pager {
  readonly kind = 'pagerduty' as const;
  readonly sent: PagerRequest[] = [];
  failures = 0;

  async send(request: PagerRequest): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('PagerDuty is down');
    }
    this.sent.push(request);
  }
}

class MemoryDeliveryLog implements DeliveryLog {
  readonly records = new Map<string, DeliveryRecord>();
  async find(key: string): Promise<DeliveryRecord | null> {
    return this.records.get(key) ?? null;
  }
  async record(entry: DeliveryRecord): Promise<void> {
    this.records.set(entry.key, entry);
  }
}

describe('page', () => {
  it('reads the service or escalation policy as typed, after the reference', () => {
    expect(parseCommand('page')).toEqual({ kind: 'page', ref: null, service: null });
    expect(parseCommand('page INC-4 Payments  API')).toEqual({
      kind: 'page',
      ref: 'INC-4',
      service: 'Payments  API',
    });
    expect(parseCommand('call inc-4')).toEqual({ kind: 'call', ref: 'INC-4' });
    expect(() => parseCommand('call INC-4 now')).toThrow(IncidentError);
  });

  it('keeps any service name of up to 255 characters whole, and refuses a longer one clearly', () => {
    const name = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
      .filter((value) => value.trim().length > 0 && !/^\s*inc-\d/i.test(value));
    fc.assert(
      fc.property(name, fc.constantFrom('', ' INC-9'), (service, ref) => {
        const line = `page${ref} ${service}`;
        const outcome = (() => {
          try {
            return parseCommand(line);
          } catch (error) {
            return error;
          }
        })();
        if (outcome instanceof IncidentError) {
          expect(service.trim().length).toBeGreaterThan(255);
          return;
        }
        expect(outcome).toMatchObject({ kind: 'page', ref: ref ? 'INC-9' : null });
        const parsed = (outcome as { service: string | null }).service;
        expect(parsed).not.toBeNull();
        expect(service).toContain(parsed!);
        expect(parsed).toBe(parsed!.trim());
      }),
      { numRuns: 500 },
    );
    expect(() => parseCommand(`page ${'é'.repeat(256)}`)).toThrow('too long');
  });

  it('reaches a named PagerDuty service case-insensitively, the webhook for others, and refuses the rest', () => {
    expect(pageTargetFor(ENGAGEMENT.paging, 'payments api')).toEqual({
      pager: 'pagerduty',
      service: 'Payments API',
    });
    expect(pageTargetFor(ENGAGEMENT.paging, null)).toEqual({ pager: 'pagerduty', service: null });
    expect(() => pageTargetFor(ENGAGEMENT.paging, 'billing')).toThrow('Services: Payments API.');
    const webhook = { pagerDuty: null, webhook: true };
    expect(pageTargetFor(webhook, 'DB on-call')).toEqual({ pager: 'webhook', service: 'DB on-call' });
    expect(() => pageTargetFor({ pagerDuty: null, webhook: false }, null)).toThrow(
      'Paging is not configured',
    );
  });
});

describe('paging and calls through the incident service', () => {
  let unitOfWork: InMemoryUnitOfWork;
  let clock: FixedClock;
  let sut: IncidentService;
  const as = (actor: Participant, extra: Partial<CommandContext> = {}): CommandContext => ({
    actor,
    location: null,
    privileged: true,
    ...extra,
  });

  beforeEach(async () => {
    unitOfWork = new InMemoryUnitOfWork();
    clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
    sut = new IncidentService(
      unitOfWork,
      clock,
      new CommandSettings(DEFAULT_COMMAND_SETTINGS.links, undefined, ENGAGEMENT),
    );
    await sut.run('declare Checkout fails for customers in São Paulo', as(zoe));
  });

  const eventsOf = (type: string) => unitOfWork.events.filter((event) => event.type === type);

  it('pages once per service while the incident is open, logging who paged', async () => {
    const first = await sut.run('page INC-1', as(zoe));
    clock.advance(60_000);
    const again = await sut.run('page INC-1', as(bob));
    expect(first.message.text).toBe('Paged the on-call lead of INC-1 through PagerDuty.');
    expect(again.message.text).toBe(
      'INC-1 already paged PagerDuty at 2026-03-01 10:00 UTC. Nobody has acknowledged it yet.',
    );
    expect(eventsOf('page.requested')).toHaveLength(1);
    expect(first.incident?.pages).toEqual([
      {
        pager: 'pagerduty',
        service: null,
        pagedAt: new Date('2026-03-01T10:00:00.000Z'),
        pagedBy: zoe,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
      },
    ]);
    const paged = (await sut.timeline('INC-1')).filter((entry) => entry.kind === 'paged');
    expect(paged.map((entry) => entry.text)).toEqual([
      'Zoë Ångström 🔥 paged the on-call lead through PagerDuty',
    ]);
  });

  it('refuses to page a resolved incident, saying how to go on', async () => {
    await sut.run('resolve INC-1', as(zoe));
    await expect(sut.run('page INC-1', as(zoe))).rejects.toThrow('INC-1 is resolved');
  });

  it('counts the first acknowledgement as the acknowledgement milestone, once, never later than now', async () => {
    await sut.run('page INC-1', as(zoe));
    clock.advance(5 * 60_000);
    const pagerduty = {
      actor: { id: 'api:pagerduty', displayName: 'PagerDuty' },
      location: null,
      privileged: true,
    };
    const ack = (at: Date) =>
      sut.execute({ kind: 'page_acknowledged', ref: 'INC-1', pager: 'pagerduty', by: 'Bob', at }, pagerduty);
    const acknowledged = await ack(new Date('2026-03-01T10:03:00.000Z'));
    expect(acknowledged.incident?.acknowledgedAt).toEqual(new Date('2026-03-01T10:03:00.000Z'));
    const repeat = await ack(new Date('2026-03-01T10:04:00.000Z'));
    expect(repeat.message.text).toBe('INC-1 has no page waiting for acknowledgement.');
    expect(repeat.incident?.acknowledgedAt).toEqual(new Date('2026-03-01T10:03:00.000Z'));
    await sut.run('declare Queue backlog', as(zoe));
    await sut.run('page INC-2', as(zoe));
    const future = await sut.execute(
      {
        kind: 'page_acknowledged',
        ref: 'INC-2',
        pager: 'pagerduty',
        by: 'Bob',
        at: new Date('2030-01-01T00:00:00Z'),
      },
      pagerduty,
    );
    expect(future.incident?.acknowledgedAt).toEqual(clock.now());
  });

  it('keeps an earlier lead as the acknowledgement milestone when the page is acknowledged later', async () => {
    await sut.run('page INC-1', as(zoe));
    clock.advance(60_000);
    await sut.run('lead INC-1', as(bob));
    clock.advance(60_000);
    const acknowledged = await sut.execute(
      { kind: 'page_acknowledged', ref: 'INC-1', pager: 'pagerduty', by: 'Carol', at: clock.now() },
      { actor: { id: 'api:pagerduty', displayName: 'PagerDuty' }, location: null, privileged: true },
    );
    expect(acknowledged.incident?.acknowledgedAt).toEqual(new Date('2026-03-01T10:01:00.000Z'));
  });

  it('resolves open pages with the incident and ends its call when it closes', async () => {
    await sut.run('page INC-1', as(zoe));
    await sut.run('call INC-1', as(zoe));
    clock.advance(60_000);
    const resolved = await sut.run('resolve INC-1', as(zoe));
    expect(resolved.incident?.pages?.[0]?.resolvedAt).toEqual(clock.now());
    const closed = await sut.run('close INC-1 --override drill', as(zoe));
    expect(closed.incident?.call?.endedAt).toEqual(clock.now());
    await expect(sut.run('call INC-1', as(zoe))).resolves.toMatchObject({
      message: { text: 'Call for INC-1 (ended with the incident): https://meet.jit.si/firebreak-INC-1' },
    });
  });

  it('opens one call per incident: the configured link at once, the same link when asked again', async () => {
    const first = await sut.run('call INC-1', as(zoe));
    const again = await sut.run('call INC-1', as(bob));
    expect(first.message.text).toBe('Call for INC-1: https://meet.jit.si/firebreak-INC-1');
    expect(again.message.text).toBe(first.message.text);
    const opened = (await sut.timeline('INC-1')).filter((entry) => entry.kind === 'call_opened');
    expect(opened).toHaveLength(1);
    expect(eventsOf('call.requested')).toHaveLength(0);
  });

  it('asks the platform for a voice channel when the call is started where the connector opens calls', async () => {
    await sut.attachSpace('INC-1', {
      platform: 'discord',
      channelId: '555',
      headlineMessageId: '1',
      announcementMessageId: null,
      url: 'https://discord.com/channels/1/555',
    });
    const pending = await sut.run('call', as(zoe, { location: { platform: 'discord', channelId: '555' } }));
    expect(pending.message.text).toContain('is being opened');
    expect(eventsOf('call.requested').map((event) => event.payload)).toEqual([{ provider: 'discord' }]);
    expect((await sut.run('call INC-1', as(bob))).message.text).toContain('is being opened');
    expect(eventsOf('call.requested')).toHaveLength(1);
    const attached = await sut.attachCall('INC-1', 'https://discord.com/channels/1/777');
    expect(attached.call).toMatchObject({ provider: 'discord', url: 'https://discord.com/channels/1/777' });
    await sut.attachCall('INC-1', 'https://discord.com/channels/1/888');
    expect((await sut.run('call INC-1', as(bob))).message.text).toBe(
      'Call for INC-1: https://discord.com/channels/1/777',
    );
  });

  it('falls back to the configured link when the platform could not open the call', async () => {
    await sut.attachSpace('INC-1', {
      platform: 'discord',
      channelId: '555',
      headlineMessageId: null,
      announcementMessageId: null,
      url: null,
    });
    await sut.run('call INC-1', as(zoe, { location: { platform: 'discord', channelId: '555' } }));
    const fallback = await sut.attachCall('INC-1', null);
    expect(fallback.call).toMatchObject({ provider: 'link', url: 'https://meet.jit.si/firebreak-INC-1' });
  });

  it('refuses a call when nothing can open one, saying what to configure', async () => {
    const bare = new IncidentService(unitOfWork, clock);
    await expect(bare.run('call INC-1', as(zoe))).rejects.toThrow('set CALL_URL_TEMPLATE');
  });
});

describe(callProviderFor.name, () => {
  it('fills the reference into the link template, encoded', () => {
    expect(callUrlFrom('https://meet.jit.si/firebreak-{ref}?n={number}', { ref: 'INC-12', number: 12 })).toBe(
      'https://meet.jit.si/firebreak-INC-12?n=12',
    );
  });
});

describe(PagerDelivery.name, () => {
  it('triggers once per requested page and resolves each resolved page once, retrying through an outage', async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    const clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
    const service = new IncidentService(
      unitOfWork,
      clock,
      new CommandSettings(DEFAULT_COMMAND_SETTINGS.links, undefined, ENGAGEMENT),
    );
    const context = { actor: zoe, location: null, privileged: true };
    await service.run('declare Payments fail', context);
    await service.run('sev INC-1 critical', context);
    await service.run('page INC-1 payments api', context);
    await service.run('resolve INC-1', context);
    await service.run('close INC-1 --override drill', context);
    const pager = new RecordingPager();
    const links = new PublicLinks('https://status.example.test', 'https://firebreak.example.test/');
    const sut = new PagerDelivery([pager], service, new MemoryDeliveryLog(), clock, links);
    pager.failures = 1;
    const deliverAll = async () => {
      for (const event of unitOfWork.events) await sut.handle(event);
    };
    await expect(deliverAll()).rejects.toThrow('PagerDuty is down');
    await deliverAll();
    await deliverAll();
    expect(pager.sent.map((request) => [request.action, request.service, request.dedupKey])).toEqual([
      ['trigger', 'Payments API', 'INC-1'],
      ['resolve', 'Payments API', 'INC-1'],
    ]);
    expect(pager.sent[0]).toMatchObject({ summary: 'INC-1: Payments fail', severity: 'critical' });
    // The page links to the incident's living document first, where the paged lead starts reading.
    expect(pager.sent[0]!.links[0]).toEqual({
      href: 'https://firebreak.example.test/site/incidents/INC-1',
      text: 'INC-1 document',
    });
  });
});
