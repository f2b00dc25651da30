import { type OutboxEvent } from '@firebreak/incident';
import { FixedClock, InMemoryUnitOfWork } from '@firebreak/incident/testing';
import type { OutboxRelay } from '@firebreak/persistence';
import { PublicStatusReader } from '@firebreak/status';
import { beforeEach, describe, expect, it } from 'vitest';
import { brandingFrom } from '../site/branding.js';
import { PageRenderer } from '../site/page-renderer.js';
import { StatusSite } from '../site/status-site.js';
import { loadStatusPageConfig } from '../status-page-config.js';
import type { LiveStatusMessage, StatusLiveGateway } from './status-live.gateway.js';
import { StatusPageOutbox } from './status-page-outbox.js';

/** The page's consumers act on an event's type and incident only: the payload is left out. */
const event = (position: number, type: OutboxEvent['type'], incidentRef: string | null = null) =>
  ({ position, type, incidentRef, occurredAt: new Date('2026-03-01T00:00:00.000Z') }) as OutboxEvent;

describe(StatusPageOutbox.name, () => {
  let unitOfWork: InMemoryUnitOfWork;
  let site: StatusSite;
  let pushed: LiveStatusMessage[];
  let registered: string[];
  let sut: StatusPageOutbox;

  beforeEach(() => {
    unitOfWork = new InMemoryUnitOfWork();
    const clock = new FixedClock(new Date('2026-03-01T12:00:00.000Z'));
    site = new StatusSite(new PublicStatusReader(unitOfWork, clock), clock);
    pushed = [];
    registered = [];
    const relay = {
      register: (consumer: { name: string; startAt?: string }) =>
        registered.push(`${consumer.name}@${consumer.startAt}`),
    };
    const live = { broadcast: (message: LiveStatusMessage) => pushed.push(message) };
    sut = new StatusPageOutbox(
      relay as unknown as OutboxRelay,
      site,
      new PageRenderer(brandingFrom(loadStatusPageConfig({}))),
      live as unknown as StatusLiveGateway,
      { STATUS_PAGE_REPLICA_ID: 'replica-a' },
    );
  });

  it('registers the cache and live consumers, both starting at the head of the outbox', () => {
    sut.onModuleInit();
    expect(registered).toEqual(['status-page-cache@replica-a@head', 'status-page-live@head']);
  });

  it('drops the render cache for public changes only', async () => {
    await site.resource('page:/', () => ({ body: 'old', contentType: 'text/html' }));
    await sut.cacheConsumer().handle(event(1, 'timeline.entry_added', 'INC-1'));
    expect(site.peek('page:/')?.body.toString()).toBe('old');
    await sut.cacheConsumer().handle(event(2, 'status_update.published', 'INC-1'));
    expect(site.peek('page:/')).toBeNull();
  });

  it('pushes only changed regions, nothing when nothing visible changed, and ignores internal events and redeliveries', async () => {
    const live = sut.liveConsumer();
    await live.handle(event(1, 'timeline.entry_added', 'INC-1'));
    expect(pushed).toEqual([]);
    await live.handle(event(2, 'component.created'));
    expect(Object.keys(pushed[0]!.regions).sort()).toEqual(['banner', 'components', 'incidents']);
    await live.handle(event(2, 'component.created'));
    expect(pushed).toHaveLength(1);
    await live.handle(event(3, 'component.created'));
    expect(pushed).toHaveLength(1);
  });
});
