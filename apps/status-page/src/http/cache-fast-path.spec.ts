import { describe, expect, it } from 'vitest';
import { cacheKeyOf, routeOfCacheKey } from './cache-fast-path.js';

describe(cacheKeyOf.name, () => {
  it('maps every cached URL to the key its Nest route renders under', () => {
    expect(cacheKeyOf('/')).toBe('page:/');
    expect(cacheKeyOf('/incidents/inc-3')).toBe('page:/incidents/INC-3');
    expect(cacheKeyOf('/history')).toBe('page:/history?page=1');
    expect(cacheKeyOf('/history?page=2')).toBe('page:/history?page=2');
    expect(cacheKeyOf('/blog')).toBe('page:/blog');
    expect(cacheKeyOf('/blog/inc-3-outage')).toBe('page:/blog/inc-3-outage');
    expect(cacheKeyOf('/history.atom')).toBe('feed:history.atom');
    expect(cacheKeyOf('/api/v2/incidents/unresolved.json')).toBe('api:incidents/unresolved.json');
  });

  it('leaves everything else to the full stack', () => {
    for (const url of [
      '/healthz',
      '/?x=1',
      '/history?page=0',
      '/history?page=1&x=2',
      '/assets/status.css',
      '/socket.io/',
      '/blog/%2e%2e',
      '/api/v2/summary.json?callback=x',
    ])
      expect(cacheKeyOf(url), url).toBeNull();
  });
});

describe(routeOfCacheKey.name, () => {
  it('names the Nest route pattern that renders each key, never the raw path', () => {
    const routes = Object.fromEntries(
      [
        '/',
        '/incidents/INC-3',
        '/history?page=2',
        '/blog',
        '/blog/inc-3-outage',
        '/history.atom',
        '/api/v2/incidents/unresolved.json',
      ].map((url) => [url, routeOfCacheKey(cacheKeyOf(url)!)]),
    );
    expect(routes).toEqual({
      '/': '/',
      '/incidents/INC-3': '/incidents/:ref',
      '/history?page=2': '/history',
      '/blog': '/blog',
      '/blog/inc-3-outage': '/blog/:slug',
      '/history.atom': '/history.atom',
      '/api/v2/incidents/unresolved.json': '/api/v2/incidents/unresolved.json',
    });
  });
});
