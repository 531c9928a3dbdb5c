import type { KeyValue, KvReads } from '../ports/key-value';

/** In the shared KeyValue, so every API and worker process sees the same switch. */
const KEY = 'runbook:agent-actions';

export interface AgentActionsSwitch {
  disabled: boolean;
  by: string;
  reason: string;
  at: number;
}

/** Whether an operator has switched agent actions off (the worker asks once per batch). */
export async function agentActionsDisabled(kv: KvReads): Promise<boolean> {
  return (await kv.get<AgentActionsSwitch>(KEY))?.value.disabled ?? false;
}

/** Turns the switch on or off; a write that loses a race with another process is tried again on the new version. */
export async function setAgentActionsDisabled(kv: KeyValue, value: AgentActionsSwitch): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const stored = await kv.get<AgentActionsSwitch>(KEY);
    if ((await kv.compareAndSet(KEY, stored?.version ?? null, value)) !== null) return;
  }
  throw new Error('the agent-actions switch kept changing under this write; try again');
}
