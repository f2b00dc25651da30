import { FixedClock, InMemoryUnitOfWork } from '@firebreak/incident/testing';
import { PublicStatusReader } from '@firebreak/status';
import { beforeEach, describe, expect, it } from 'vitest';
import { StatusSite } from './status-site.js';

describe(StatusSite.name, () => {
  let clock: FixedClock;
  let reads: number;
  let sut: StatusSite;
  const render = (body: string) => () => ({ body, contentType: 'text/plain' });

  beforeEach(() => {
    clock = new FixedClock(new Date('2026-03-01T12:00:00.000Z'));
    const reader = new PublicStatusReader(new InMemoryUnitOfWork(), clock);
    reads = 0;
    const counting = { snapshot: () => ((reads += 1), reader.snapshot()) } as unknown as PublicStatusReader;
    sut = new StatusSite(counting, clock);
  });

  it('renders a resource once per snapshot and gives it a strong ETag', async () => {
    const first = await sut.resource('a', render('one'));
    const second = await sut.resource('a', render('two'));
    expect(second).toBe(first);
    expect(first!.etag).toMatch(/^"[\w-]{32}"$/);
    expect(reads).toBe(1);
  });

  it('forgets everything on invalidation', async () => {
    await sut.resource('a', render('one'));
    sut.invalidate();
    expect(sut.peek('a')).toBeNull();
    expect((await sut.resource('a', render('two')))!.body.toString()).toBe('two');
    expect(reads).toBe(2);
  });

  it('keeps answering the old rendering from the fast path while a snapshot past its time reloads', async () => {
    await sut.resource('a', render('one'));
    clock.advance(61_000);
    expect(sut.peek('a')!.body.toString()).toBe('one');
    await sut.snapshot();
    expect(reads).toBe(2);
    expect(sut.peek('a')).toBeNull();
    expect((await sut.resource('a', render('two')))!.body.toString()).toBe('two');
  });

  it('never caches what does not exist', async () => {
    expect(await sut.resource('missing', () => null)).toBeNull();
    expect(sut.peek('missing')).toBeNull();
  });
});
