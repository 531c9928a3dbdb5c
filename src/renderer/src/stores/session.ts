import { create } from 'zustand';
import type { Scope } from '../../../shared/scopes';
import { hasScope, type OpScope } from '../../../shared/scopes';
import { contract, type OpName } from '../../../shared/contract';

export interface SessionState {
  name: string | null;
  workspaceId: string | null;
  scopes: Scope[];
  /** Set when the engine stops accepting the session (logout elsewhere, key revoked, engine restarted). */
  ended: string | null;
  setSession(s: { name: string; workspaceId: string; scopes: Scope[] }): void;
  end(why: string): void;
}

/**
 * Who is signed in. In a browser the session itself is an HttpOnly cookie the engine sets: page scripts
 * never hold it, and every tab of the origin shares it, so reloads and new tabs stay signed in.
 */
export const useSession = create<SessionState>((set) => ({
  name: null,
  workspaceId: null,
  scopes: [],
  ended: null,
  setSession(s) {
    set({ name: s.name, workspaceId: s.workspaceId, scopes: s.scopes, ended: null });
  },
  end(why) {
    set({ name: null, workspaceId: null, scopes: [], ended: why });
  },
}));

/** Whether the signed-in user may run an operation of this scope (the UI hides what they cannot do). */
export function useCan(scope: OpScope): boolean {
  return useSession((s) => hasScope(s.scopes, scope));
}

/** Whether the signed-in user may run an operation: its scope comes from the contract row, never a second list. */
export function useCanRun(op: OpName): boolean {
  return useCan(contract[op].scope);
}
