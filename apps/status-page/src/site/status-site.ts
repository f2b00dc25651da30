import { createHash } from 'node:crypto';
import type { Clock } from '@firebreak/incident';
import type { PublicStatusReader, StatusSnapshot } from '@firebreak/status';

/** Bytes ready to send, with their validator. */
export interface CachedResource {
  readonly body: Buffer;
  readonly etag: string;
  readonly contentType: string;
}

export interface ResourceContent {
  readonly body: string;
  readonly contentType: string;
}

/**
 * The status page's cache: one public snapshot at a time and everything rendered from it. The outbox
 * consumer invalidates it when something public changes; it also expires on its own at `validUntil`
 * (maintenance boundaries, a new uptime day, or at most a minute), for changes no event announces.
 */
export class StatusSite {
  private generation = 0;
  private current: { readonly generation: number; readonly snapshot: StatusSnapshot } | null = null;
  private loading: { readonly generation: number; readonly promise: Promise<StatusSnapshot> } | null = null;
  private rendered = new Map<string, CachedResource>();

  constructor(
    private readonly reader: PublicStatusReader,
    private readonly clock: Clock,
  ) {}

  /** Drops the snapshot and every rendered page; the next request reads the database again. */
  invalidate(): void {
    this.generation += 1;
    this.current = null;
    this.rendered = new Map();
  }

  /** The current snapshot; one past its `validUntil` is replaced (callers wait for the new one). */
  async snapshot(): Promise<StatusSnapshot> {
    const current = this.current;
    if (current && current.generation === this.generation && this.clock.now() < current.snapshot.validUntil)
      return current.snapshot;
    return this.load();
  }

  /**
   * The rendered resource for `key` without waiting: the fast path. Null after an invalidation (something
   * public changed). Past `validUntil` (only the clock moved) it still answers the rendering it has while a new
   * snapshot loads in the background, so a burst of requests does not queue behind the reload.
   */
  peek(key: string): CachedResource | null {
    const current = this.current;
    if (!current || current.generation !== this.generation) return null;
    if (this.clock.now() >= current.snapshot.validUntil) this.load().catch(() => undefined);
    return this.rendered.get(key) ?? null;
  }

  /** Loads a snapshot for the current generation once; when it lands, renderings of the previous one go. */
  private load(): Promise<StatusSnapshot> {
    if (this.loading?.generation === this.generation) return this.loading.promise;
    const generation = this.generation;
    const promise = this.reader.snapshot().then(
      (snapshot) => {
        if (this.generation === generation) {
          this.current = { generation, snapshot };
          this.rendered = new Map();
        }
        if (this.loading?.generation === generation) this.loading = null;
        return snapshot;
      },
      (error: unknown) => {
        if (this.loading?.generation === generation) this.loading = null;
        throw error;
      },
    );
    this.loading = { generation, promise };
    return promise;
  }

  /**
   * The rendered resource for `key`, rendered once per snapshot. `produce` answers null for something that
   * does not exist (never cached, so arbitrary paths cannot grow the cache).
   */
  async resource(
    key: string,
    produce: (snapshot: StatusSnapshot) => ResourceContent | null,
  ): Promise<CachedResource | null> {
    const snapshot = await this.snapshot();
    const cached = this.rendered.get(key);
    if (cached) return cached;
    const content = produce(snapshot);
    if (!content) return null;
    const body = Buffer.from(content.body, 'utf8');
    const resource: CachedResource = { body, etag: etagOf(body), contentType: content.contentType };
    if (this.current?.snapshot === snapshot) this.rendered.set(key, resource);
    return resource;
  }
}

export const etagOf = (body: Buffer): string =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
