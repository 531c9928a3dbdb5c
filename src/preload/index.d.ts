import type { DecisionosBridge } from '../shared/ipc';

declare global {
  interface Window {
    /** Present in the Electron window only; in a browser the client speaks HTTP. */
    decisionos?: DecisionosBridge;
  }
}

export {};
