import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, type DecisionosBridge } from '../shared/ipc';

// The renderer gets exactly one capability: invoke a contract operation by name. No raw ipcRenderer,
// no channels of its own choosing, no Node. The main process validates every payload again.
const bridge: DecisionosBridge = {
  invoke: (name, input) => ipcRenderer.invoke(IPC_CHANNEL, name, input),
};

contextBridge.exposeInMainWorld('decisionos', bridge);
