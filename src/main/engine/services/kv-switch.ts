import type { KeyValue } from '../ports/key-value';

/**
 * Writes a runbook switch (agent actions, intake) in the shared KeyValue, so every API and worker process sees the
 * same value: whatever version is stored now is replaced, and a write that loses a race with another process is
 * tried again on the new version.
 */
export async function writeSwitch<T>(kv: KeyValue, key: string, value: T): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const stored = await kv.get<T>(key);
    if ((await kv.compareAndSet(key, stored?.version ?? null, value)) !== null) return;
  }
  throw new Error(`the switch ${key} kept changing under this write; try again`);
}
