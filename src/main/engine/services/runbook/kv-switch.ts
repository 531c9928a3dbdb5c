import type { KeyValue } from '../../ports/key-value';

/**
 * Changes a runbook record (a switch such as agent actions or intake, a restart request) in the shared KeyValue, so
 * every API and worker process sees the same value: `next` gets what is stored now, and a write that loses a race
 * with another process is tried again on the new version.
 */
export async function updateSwitch<T>(kv: KeyValue, key: string, next: (stored: T | null) => T): Promise<T> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const stored = await kv.get<T>(key);
    const value = next(stored?.value ?? null);
    if ((await kv.compareAndSet(key, stored?.version ?? null, value)) !== null) return value;
  }
  throw new Error(`${key} kept changing under this write; try again`);
}

/** Writes a switch whatever it holds now. */
export async function writeSwitch<T>(kv: KeyValue, key: string, value: T): Promise<void> {
  await updateSwitch(kv, key, () => value);
}
