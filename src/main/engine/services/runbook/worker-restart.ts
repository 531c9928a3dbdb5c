import type { KeyValue, KvReads } from '../../ports/key-value';
import { updateSwitch } from './kv-switch';

/**
 * A restart request in the shared KeyValue: every worker (the writer thread, an inline worker, each `decisionos
 * worker` process) watches it and, when its generation goes up, restarts and records that it did.
 */
const KEY = 'runbook:worker-restart';

export interface WorkerRestartRequest {
  generation: number;
  by: string;
  reason: string;
  at: number;
  /** The workers asked to restart (their owner ids, as the worker registry lists them). */
  owners: string[];
  /** The last generation each worker restarted for. */
  restarted: Record<string, number>;
}

export async function restartRequest(kv: KvReads): Promise<WorkerRestartRequest | null> {
  return (await kv.get<WorkerRestartRequest>(KEY))?.value ?? null;
}

/** Asks the listed workers to restart; returns the request's generation. */
export async function requestWorkerRestart(kv: KeyValue, r: { by: string; reason: string; at: number; owners: string[] }): Promise<number> {
  const written = await updateSwitch<WorkerRestartRequest>(kv, KEY, (stored) => ({
    ...r,
    generation: (stored?.generation ?? 0) + 1,
    // Only the workers asked now are kept: owners of stopped processes would pile up.
    restarted: Object.fromEntries(Object.entries(stored?.restarted ?? {}).filter(([owner]) => r.owners.includes(owner))),
  }));
  return written.generation;
}

/** A worker records that it restarted for `generation` (a later request's workers keep their own entries). */
export async function recordWorkerRestarted(kv: KeyValue, owner: string, generation: number): Promise<void> {
  await updateSwitch<WorkerRestartRequest>(kv, KEY, (stored) => {
    const base = stored ?? { generation, by: 'unknown', reason: '', at: 0, owners: [owner], restarted: {} };
    return { ...base, restarted: { ...base.restarted, [owner]: Math.max(generation, base.restarted[owner] ?? 0) } };
  });
}

/** Of `owners`, those that have restarted for `generation` or a later request. */
export async function restartedWorkers(kv: KvReads, owners: readonly string[], generation: number): Promise<string[]> {
  const request = await restartRequest(kv);
  return owners.filter((o) => (request?.restarted[o] ?? 0) >= generation);
}
