import { hostname } from 'node:os';
import type { Incident, OutboxConsumer } from '@firebreak/incident';

/** Rendered fragments kept at most; a burst of zones and filters cannot grow the cache without bound. */
const MAX_FRAGMENTS = 500;

/**
 * What the site reads most and changes least, kept in this process until the outbox says something changed:
 * every incident (the list filters them in memory) and rendered fragments such as a long timeline. Each
 * replica drops its own copy through its own outbox consumer (`site-cache@<host>`), so a replica never serves
 * a page older than the events it has read. Concurrent misses share one read.
 */
export class SiteReadCache {
  private incidents: Promise<Incident[]> | null = null;
  private readonly fragments = new Map<string, Promise<string>>();
  private readonly records = new Map<string, Promise<unknown>>();

  constructor(private readonly readIncidents: () => Promise<Incident[]>) {}

  allIncidents(): Promise<Incident[]> {
    this.incidents ??= this.readIncidents().catch((error: unknown) => {
      this.incidents = null;
      throw error;
    });
    return this.incidents;
  }

  fragment(key: string, render: () => Promise<string>): Promise<string> {
    const cached = this.fragments.get(key);
    if (cached) return cached;
    if (this.fragments.size >= MAX_FRAGMENTS) this.fragments.clear();
    const rendered = render().catch((error: unknown) => {
      this.fragments.delete(key);
      throw error;
    });
    this.fragments.set(key, rendered);
    return rendered;
  }

  /** A read kept under `key` until the next event (an incident's record, the components). */
  record<T>(key: string, read: () => Promise<T>): Promise<T> {
    const cached = this.records.get(key) as Promise<T> | undefined;
    if (cached) return cached;
    if (this.records.size >= MAX_FRAGMENTS) this.records.clear();
    const reading = read().catch((error: unknown) => {
      this.records.delete(key);
      throw error;
    });
    this.records.set(key, reading);
    return reading;
  }

  invalidate(): void {
    this.incidents = null;
    this.fragments.clear();
    this.records.clear();
  }

  consumer(replica = hostname()): OutboxConsumer {
    return {
      name: `site-cache@${replica}`,
      startAt: 'head',
      handle: async () => this.invalidate(),
    };
  }
}
