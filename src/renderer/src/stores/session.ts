import { create } from 'zustand';
import type { Scope } from '../../../shared/scopes';
import { hasScope, type OpScope } from '../../../shared/scopes';
import { contract, type OpName } from '../../../shared/contract';

const STORAGE_KEY = 'decisionos.session';

export interface SessionState {
  /** Bearer key for HTTP (a session key from the login link, or a pasted API key). Null in Electron. */
  key: string | null;
  name: string | null;
  workspaceId: string | null;
  scopes: Scope[];
  setSession(s: { key: string | null; name: string; workspaceId: string; scopes: Scope[] }): void;
  clear(): void;
}

function stored(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Who is signed in. The key lives in sessionStorage: it dies with the tab, and never reaches the URL. */
export const useSession = create<SessionState>((set) => ({
  key: typeof window === 'undefined' ? null : stored(),
  name: null,
  workspaceId: null,
  scopes: [],
  setSession(s) {
    if (s.key) window.sessionStorage.setItem(STORAGE_KEY, s.key);
    set({ key: s.key, name: s.name, workspaceId: s.workspaceId, scopes: s.scopes });
  },
  clear() {
    window.sessionStorage.removeItem(STORAGE_KEY);
    set({ key: null, name: null, workspaceId: null, scopes: [] });
  },
}));

export const sessionKey = () => useSession.getState().key;

/** Whether the signed-in user may run an operation of this scope (the UI hides what they cannot do). */
export function useCan(scope: OpScope): boolean {
  return useSession((s) => hasScope(s.scopes, scope));
}

/** Whether the signed-in user may run an operation: its scope comes from the contract row, never a second list. */
export function useCanRun(op: OpName): boolean {
  return useCan(contract[op].scope);
}
