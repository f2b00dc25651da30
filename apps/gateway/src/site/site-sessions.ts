import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type Clock,
  type Participant,
  type SiteSession,
  type SiteSessionStore,
  type Viewer,
} from '@firebreak/incident';
import type { SiteSettings } from './site-config.js';

/** Who a one-time link from `npm start` signs in: an administrator of this installation, not a chat user. */
export const LOCAL_ADMINISTRATOR: Participant = { id: 'api:local-admin', displayName: 'Local administrator' };

/** A pending sign-in lives as long as someone may take at a provider's page. */
const PENDING_MS = 10 * 60_000;

/** A signed-in session: the person, and the token its forms carry. */
export interface SignedInSession {
  readonly idHash: string;
  readonly viewer: Viewer;
  readonly csrfToken: string;
}

const newSecret = (): string => randomBytes(32).toString('base64url');
export const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * Sessions of the responders' site. The browser holds a random secret; the database holds its hash, the
 * person, the CSRF token and the expiry. Signing in always starts a new session (no fixation), and a
 * pending sign-in's session is dropped once it completes.
 */
export class SiteSessions {
  constructor(
    private readonly store: SiteSessionStore,
    private readonly clock: Clock,
    private readonly settings: SiteSettings,
  ) {}

  async signedIn(secret: string | undefined): Promise<SignedInSession | null> {
    const session = secret ? await this.store.find(hashOf(secret), this.clock.now()) : null;
    if (!session?.person) return null;
    const viewer = { person: session.person, administrator: session.administrator };
    return { idHash: session.idHash, viewer, csrfToken: session.csrfToken };
  }

  /** Keeps what a provider asked to keep; the returned secret goes in the pending cookie. */
  async startPending(kept: Record<string, string>): Promise<string> {
    const secret = newSecret();
    await this.store.save(this.session(hashOf(secret), null, false, kept, PENDING_MS));
    return secret;
  }

  /** What the pending sign-in of this browser kept, used once. */
  async takePending(secret: string | undefined): Promise<Record<string, string>> {
    if (!secret) return {};
    const session = await this.store.find(hashOf(secret), this.clock.now());
    await this.store.delete(hashOf(secret));
    return { ...(session?.pending ?? {}) };
  }

  /** A new session for `viewer`; the returned secret goes in the session cookie. */
  async signIn(viewer: Viewer): Promise<string> {
    const secret = newSecret();
    const session = this.session(
      hashOf(secret),
      viewer.person,
      viewer.administrator,
      null,
      this.settings.sessionMs,
    );
    await this.store.save(session);
    return secret;
  }

  async signOut(secret: string | undefined): Promise<void> {
    if (secret) await this.store.delete(hashOf(secret));
  }

  /** A one-time link signing in the local administrator, valid for SITE_SIGN_IN_LINK_MINUTES. */
  async createSignInLink(): Promise<string> {
    const token = newSecret();
    const now = this.clock.now();
    await this.store.saveSignInLink({
      tokenHash: hashOf(token),
      person: LOCAL_ADMINISTRATOR,
      administrator: true,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.settings.signInLinkMs),
    });
    return `${this.settings.baseUrl}/site/sign-in/link?token=${encodeURIComponent(token)}`;
  }

  /** Who the link signs in, once; null when it is unknown, expired or used. */
  async useSignInLink(token: string): Promise<Viewer | null> {
    const link = await this.store.useSignInLink(hashOf(token), this.clock.now());
    return link ? { person: link.person, administrator: link.administrator } : null;
  }

  removeExpired(): Promise<number> {
    return this.store.deleteExpired(this.clock.now());
  }

  private session(
    idHash: string,
    person: Participant | null,
    administrator: boolean,
    pending: Record<string, string> | null,
    lifetimeMs: number,
  ): SiteSession {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + lifetimeMs);
    return { idHash, person, administrator, csrfToken: newSecret(), pending, createdAt: now, expiresAt };
  }
}

/** The synchronizer token check, in constant time. */
export function csrfMatches(session: SignedInSession, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
