import type { SiteSession } from '@firebreak/incident';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { TypeOrmSiteSessionStore } from './typeorm-site-session.store.js';

const now = new Date('2026-03-01T09:45:00.000Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const renee = { id: 'teams:0f3c2b9e-6a1d-4e58-9b7c-1d2e3f4a5b6c', displayName: 'Renée Dubois-Łukasik 🚒' };

const session = (overrides: Partial<SiteSession> = {}): SiteSession => ({
  idHash: 'a'.repeat(64),
  person: renee,
  administrator: false,
  csrfToken: 'c'.repeat(43),
  pending: null,
  createdAt: now,
  expiresAt: later(60),
  ...overrides,
});

// On SQLite, and on PostgreSQL with FIREBREAK_TEST_DATABASE=postgres (each run a fresh schema).
describe(TypeOrmSiteSessionStore.name, () => {
  let database: TemporarySqliteDatabase;
  let dataSource: DataSource;
  let sut: TypeOrmSiteSessionStore;

  beforeEach(async () => {
    database = new TemporarySqliteDatabase();
    dataSource = await database.open();
    sut = new TypeOrmSiteSessionStore(dataSource.manager);
  });
  afterEach(() => database.remove());

  it('keeps a signed-in session until it expires, and forgets it on sign-out', async () => {
    await sut.save(session({ administrator: true }));

    expect(await sut.find('a'.repeat(64), later(59))).toEqual(session({ administrator: true }));
    expect(await sut.find('a'.repeat(64), later(60))).toBe(null);
    await sut.delete('a'.repeat(64));
    expect(await sut.find('a'.repeat(64), now)).toBe(null);
  });

  it('keeps what a pending sign-in asked to keep, then the person it became', async () => {
    const pending = session({ person: null, pending: { state: 'st', codeVerifier: 'v', nonce: 'n' } });
    await sut.save(pending);
    expect(await sut.find(pending.idHash, now)).toEqual(pending);

    await sut.save(session());
    expect((await sut.find(pending.idHash, now))?.pending).toBe(null);
  });

  it('lets a sign-in link work once, before it expires, for one of two racing browsers', async () => {
    const link = {
      tokenHash: 'b'.repeat(64),
      person: renee,
      administrator: true,
      createdAt: now,
      expiresAt: later(15),
    };
    await sut.saveSignInLink(link);
    await sut.saveSignInLink({ ...link, tokenHash: 'd'.repeat(64) });

    const [first, second] = await Promise.all([
      sut.useSignInLink(link.tokenHash, later(1)),
      sut.useSignInLink(link.tokenHash, later(1)),
    ]);
    expect([first, second].filter(Boolean)).toEqual([link]);
    expect(await sut.useSignInLink('d'.repeat(64), later(15))).toBe(null);
    expect(await sut.useSignInLink('e'.repeat(64), now)).toBe(null);
  });

  it('drops expired sessions and links', async () => {
    await sut.save(session());
    await sut.save(session({ idHash: 'f'.repeat(64), expiresAt: later(600) }));

    expect(await sut.deleteExpired(later(61))).toBe(1);
    expect(await sut.find('f'.repeat(64), later(61))).not.toBe(null);
  });
});
