import { create } from 'zustand';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  message: string;
  /** Where to see the result, e.g. the task trace holding the audit event the action wrote. */
  link?: { label: string; to: string };
  /** A button on the toast, e.g. Undo; the toast closes when it is pressed. */
  action?: { label: string; run(): void };
  /** How long the toast stays; default 15 s with a link or an error (time to click it), else 5 s. */
  durationMs?: number;
}

interface ToastState {
  toasts: Toast[];
  push(t: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** Every action's outcome is shown: success with a link to its audit trail, failure with the server's sentence. */
export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  push(t) {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { ...t, id }] }));
    const stay = t.durationMs ?? (t.kind === 'error' || t.link ? 15_000 : 5_000);
    setTimeout(() => set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })), stay);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })),
}));

export const toast = (t: Omit<Toast, 'id'>) => useToasts.getState().push(t);
