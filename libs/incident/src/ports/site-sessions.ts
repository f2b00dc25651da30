import type { Participant } from '../model/participant.js';

/**
 * A browser's session on the responders' site. Stored under the hash of the cookie's secret, so a copy of the
 * table signs nobody in. A pending session holds what a sign-in provider asked to keep (state, PKCE verifier,
 * nonce) until its callback; a signed-in one names the person, as chat knows them.
 */
export interface SiteSession {
  readonly idHash: string;
  /** Null while the sign-in is pending. */
  readonly person: Participant | null;
  readonly administrator: boolean;
  /** The synchronizer token every state-changing form of this session carries. */
  readonly csrfToken: string;
  /** What the provider asked to keep, while pending. */
  readonly pending: Readonly<Record<string, string>> | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** A one-time sign-in link for a local administrator: only its hash is stored, and it works once. */
export interface SignInLink {
  readonly tokenHash: string;
  readonly person: Participant;
  readonly administrator: boolean;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** Sessions in the database, so every replica of the gateway knows them. */
export abstract class SiteSessionStore {
  abstract save(session: SiteSession): Promise<void>;
  /** The session, unless it is unknown or expired at `now`. */
  abstract find(idHash: string, now: Date): Promise<SiteSession | null>;
  abstract delete(idHash: string): Promise<void>;
  abstract saveSignInLink(link: SignInLink): Promise<void>;
  /** Marks the link used and returns it; null when unknown, expired or already used (by anyone, once). */
  abstract useSignInLink(tokenHash: string, now: Date): Promise<SignInLink | null>;
  /** Drops sessions and links that expired before `now`. */
  abstract deleteExpired(now: Date): Promise<number>;
}
