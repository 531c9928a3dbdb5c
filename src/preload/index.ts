import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, IPC_EVENT_CHANNEL, type DecisionosBridge } from '../shared/ipc';
import type { LiveEvent } from '../shared/schemas/events';

// The renderer gets exactly one capability: invoke a contract operation by name. No raw ipcRenderer,
// no channels of its own choosing, no Node. The main process validates every payload again.
const bridge: DecisionosBridge = {
  invoke: (name, input) => ipcRenderer.invoke(IPC_CHANNEL, name, input),
  onEvent(listener) {
    const forward = (_event: unknown, data: LiveEvent) => listener(data);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('decisionos', bridge);
