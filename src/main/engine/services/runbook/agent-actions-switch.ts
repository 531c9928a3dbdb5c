import type { KeyValue, KvReads } from '../../ports/key-value';
import { writeSwitch } from './kv-switch';

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
  return (await agentActionsOff(kv)) !== null;
}

/** The switch while agent actions are off (who, when, why), or null while they run. */
export async function agentActionsOff(kv: KvReads): Promise<AgentActionsSwitch | null> {
  const stored = (await kv.get<AgentActionsSwitch>(KEY))?.value;
  return stored?.disabled ? stored : null;
}

/** Turns the switch on or off. */
export async function setAgentActionsDisabled(kv: KeyValue, value: AgentActionsSwitch): Promise<void> {
  await writeSwitch(kv, KEY, value);
}
