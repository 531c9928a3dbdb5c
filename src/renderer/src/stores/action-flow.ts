import { create } from 'zustand';
import type { JsonObject } from '../../../shared/schemas/common';

export interface ActionRequest {
  actionId: string;
  /** Params chosen before the dialog opens (e.g. the selected dead letters); the form starts from them. */
  params: JsonObject;
  /** Bumped on every open, so reopening the same action starts a fresh dialog. */
  seq: number;
}

interface ActionFlowState {
  request: ActionRequest | null;
  open(actionId: string, params?: JsonObject): void;
  close(): void;
}

let seq = 0;

/**
 * Which runbook action the one confirmation dialog is about: every place that offers an action (Runbook, Dead
 * letters, the palette, an undo) opens it here, so each runs through the same preview, confirmation and progress.
 */
export const useActionFlow = create<ActionFlowState>((set) => ({
  request: null,
  open: (actionId, params = {}) => set({ request: { actionId, params, seq: ++seq } }),
  close: () => set({ request: null }),
}));

export const openAction = (actionId: string, params?: JsonObject) => useActionFlow.getState().open(actionId, params);
