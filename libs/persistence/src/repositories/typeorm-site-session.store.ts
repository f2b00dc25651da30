import { type SignInLink, type SiteSession, SiteSessionStore } from '@firebreak/incident';
import { EntityManager, IsNull, LessThan } from 'typeorm';
import { inTurn, writeInTurn } from '../connection-turns.js';
import { SiteSessionRow, SiteSignInLinkRow } from '../entities/site-session.entity.js';

/** Used outside units of work: each call takes its own turn on SQLite's single connection. */
export class TypeOrmSiteSessionStore extends SiteSessionStore {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  save(session: SiteSession): Promise<void> {
    return writeInTurn(this.manager, async (writer) => {
      await writer.upsert(SiteSessionRow, toSessionRow(session), ['idHash']);
    });
  }

  find(idHash: string, now: Date): Promise<SiteSession | null> {
    return inTurn(this.manager, async () => {
      const row = await this.manager.findOneBy(SiteSessionRow, { idHash });
      if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
      return toSession(row);
    });
  }

  delete(idHash: string): Promise<void> {
    return writeInTurn(this.manager, async (writer) => {
      await writer.delete(SiteSessionRow, { idHash });
    });
  }

  saveSignInLink(link: SignInLink): Promise<void> {
    return writeInTurn(this.manager, async (writer) => {
      await writer.insert(SiteSignInLinkRow, {
        tokenHash: link.tokenHash,
        participantId: link.person.id,
        displayName: link.person.displayName,
        administrator: link.administrator,
        createdAt: link.createdAt,
        expiresAt: link.expiresAt,
        usedAt: null,
      });
    });
  }

  /** One conditional UPDATE decides who used it: two browsers racing with the same link cannot both win. */
  useSignInLink(tokenHash: string, now: Date): Promise<SignInLink | null> {
    return writeInTurn(this.manager, async (writer) => {
      const row = await writer.findOneBy(SiteSignInLinkRow, { tokenHash, usedAt: IsNull() });
      if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
      const used = await writer.update(SiteSignInLinkRow, { tokenHash, usedAt: IsNull() }, { usedAt: now });
      if (!used.affected) return null;
      return {
        tokenHash,
        person: { id: row.participantId, displayName: row.displayName },
        administrator: row.administrator,
        createdAt: row.createdAt,
        expiresAt: row.expiresAt,
      };
    });
  }

  deleteExpired(now: Date): Promise<number> {
    return writeInTurn(this.manager, async (writer) => {
      const sessions = await writer.delete(SiteSessionRow, { expiresAt: LessThan(now) });
      const links = await writer.delete(SiteSignInLinkRow, { expiresAt: LessThan(now) });
      return (sessions.affected ?? 0) + (links.affected ?? 0);
    });
  }
}

function toSessionRow(session: SiteSession): SiteSessionRow {
  return {
    idHash: session.idHash,
    participantId: session.person?.id ?? null,
    displayName: session.person?.displayName ?? null,
    administrator: session.administrator,
    csrfToken: session.csrfToken,
    pending: session.pending ? JSON.stringify(session.pending) : null,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
  };
}

function toSession(row: SiteSessionRow): SiteSession {
  return {
    idHash: row.idHash,
    person: row.participantId
      ? { id: row.participantId, displayName: row.displayName ?? row.participantId }
      : null,
    administrator: Boolean(row.administrator),
    csrfToken: row.csrfToken,
    pending: row.pending ? (JSON.parse(row.pending) as Record<string, string>) : null,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}
