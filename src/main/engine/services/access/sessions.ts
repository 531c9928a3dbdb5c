import { AppError } from '../../../../shared/errors';
import type { Session } from '../../../../shared/schemas/session';
import type { Principal } from '../../ports/records';
import type { Clock } from '../../ports/clock';
import { hashKey } from './keys';
import { newId, newSecret } from '../ids';

const LOGIN_TTL_MS = 5 * 60_000;
const SESSION_TTL_MS = 12 * 3_600_000;

interface LiveSession {
  principal: Principal & { sessionId: string };
  expiresAt: number;
}

/**
 * Browser sessions for the UI. `decisionos start` prints a one-time login link; the token in it is good
 * for five minutes and one exchange, and yields a session key (held in memory only: a restart logs
 * browsers out, and nothing about sessions is ever written to disk). A session acts as the API key it was
 * made for (`principal.keyId`): the authenticator ends it when that key is revoked.
 */
export class Sessions {
  private readonly loginTokens = new Map<string, { principal: Principal; expiresAt: number }>();
  private readonly sessions = new Map<string, LiveSession>();
  /** Session id -> key hash, so a session can be ended by id (logout, revocation) without its key. */
  private readonly hashById = new Map<string, string>();

  constructor(private readonly clock: Clock) {}

  createLoginToken(principal: Principal): string {
    const token = newSecret();
    this.loginTokens.set(hashKey(token), { principal, expiresAt: this.clock.now() + LOGIN_TTL_MS });
    return token;
  }

  exchange(token: string): Session {
    const hash = hashKey(token);
    const login = this.loginTokens.get(hash);
    this.loginTokens.delete(hash); // one use, whatever happens next
    if (!login || login.expiresAt < this.clock.now()) {
      throw new AppError('unauthorized', 'that login link is used or expired; run `decisionos start` again for a new one');
    }
    return this.open(login.principal);
  }

  /** A session for a principal that proved itself another way (an API key typed into the sign-in form). */
  open(principal: Principal): Session {
    const key = `dos_session.${newSecret()}`;
    const expiresAt = this.clock.now() + SESSION_TTL_MS;
    const sessionId = newId('ses');
    const { sessionId: _ignored, ...made } = principal;
    this.sessions.set(hashKey(key), { principal: { ...made, sessionId }, expiresAt });
    this.hashById.set(sessionId, hashKey(key));
    const p = principal;
    return { key, workspace_id: p.workspaceId, name: p.name, scopes: p.scopes, expires_at: new Date(expiresAt).toISOString() };
  }

  /** The session's principal, or null when the key is not a live session. */
  lookup(keyHash: string): (Principal & { sessionId: string }) | null {
    const s = this.sessions.get(keyHash);
    if (!s) return null;
    if (s.expiresAt < this.clock.now()) {
      this.end(s.principal.sessionId);
      return null;
    }
    return s.principal;
  }

  isLive(sessionId: string): boolean {
    const hash = this.hashById.get(sessionId);
    return hash !== undefined && this.lookup(hash) !== null;
  }

  /** Ends one session (logout). False when it had already ended. */
  end(sessionId: string): boolean {
    const hash = this.hashById.get(sessionId);
    if (hash === undefined) return false;
    this.hashById.delete(sessionId);
    return this.sessions.delete(hash);
  }

  /** Ends every session made from a key (the key was revoked); returns their ids. */
  endForKey(keyId: string): string[] {
    const ended = [...this.sessions.values()].filter((s) => s.principal.keyId === keyId).map((s) => s.principal.sessionId);
    for (const id of ended) this.end(id);
    return ended;
  }
}
