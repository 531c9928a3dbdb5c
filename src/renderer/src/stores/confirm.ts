import { create } from 'zustand';

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  /** When set, the user must type a reason (min 3 chars); it is returned on confirm. */
  reasonLabel?: string;
  danger?: boolean;
}

interface ConfirmState {
  request: ConfirmRequest | null;
  resolve: ((answer: { confirmed: boolean; reason: string }) => void) | null;
  ask(request: ConfirmRequest): Promise<{ confirmed: boolean; reason: string }>;
  answer(confirmed: boolean, reason?: string): void;
}

/**
 * A confirm that is a promise (Bull Board's useConfirm): destructive actions `await confirm(...)` and only
 * go on when the user said yes (and gave a reason where one is required).
 */
export const useConfirm = create<ConfirmState>((set, get) => ({
  request: null,
  resolve: null,
  ask: (request) =>
    new Promise((resolve) => {
      get().resolve?.({ confirmed: false, reason: '' });
      set({ request, resolve });
    }),
  answer(confirmed, reason = '') {
    get().resolve?.({ confirmed, reason });
    set({ request: null, resolve: null });
  },
}));

export const confirm = (request: ConfirmRequest) => useConfirm.getState().ask(request);
