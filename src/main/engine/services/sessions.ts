import { AppError } from '../../../shared/errors';
import type { Session } from '../../../shared/schemas/session';
import type { Principal } from '../ports/records';
import type { Clock } from '../ports/clock';
import { hashKey } from './keys';
import { newSecret } from './ids';

const LOGIN_TTL_MS = 5 * 60_000;
const SESSION_TTL_MS = 12 * 3_600_000;

/**
 * Browser sessions for the UI. `decisionos start` prints a one-time login link; the token in it is good
 * for five minutes and one exchange, and yields a session key (held in memory only: a restart logs
 * browsers out, and nothing about sessions is ever written to disk).
 */
export class Sessions {
  private readonly loginTokens = new Map<string, { principal: Principal; expiresAt: number }>();
  private readonly sessions = new Map<string, { principal: Principal; expiresAt: number }>();

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
    const key = `dos_session.${newSecret()}`;
    const expiresAt = this.clock.now() + SESSION_TTL_MS;
    this.sessions.set(hashKey(key), { principal: login.principal, expiresAt });
    const p = login.principal;
    return { key, workspace_id: p.workspaceId, name: p.name, scopes: p.scopes, expires_at: new Date(expiresAt).toISOString() };
  }

  /** The session's principal, or null when the key is not a live session. */
  lookup(keyHash: string): Principal | null {
    const s = this.sessions.get(keyHash);
    if (!s) return null;
    if (s.expiresAt < this.clock.now()) {
      this.sessions.delete(keyHash);
      return null;
    }
    return s.principal;
  }
}
