export interface RunProgress {
  done: number;
  total: number;
}

export interface ProgressSource {
  /** Starts the run under this run id; resolves with its result. */
  run(runId: string): Promise<unknown>;
  /** The run's progress now; rejects while the engine has none (not started, ended, another process). */
  poll(runId: string): Promise<RunProgress>;
}

/** A run id the engine accepts (8 to 64 of A-Z a-z 0-9 _ -), unique enough to never meet another run's. */
export function newRunId(): string {
  return `run-${crypto.randomUUID()}`;
}

/**
 * Runs one action while asking for its progress every `intervalMs`, reporting each answer with a total. A run
 * whose progress never arrives reports nothing, and the caller shows an indeterminate bar: no made-up numbers.
 */
export async function runWithProgress<T>(source: { run(runId: string): Promise<T>; poll: ProgressSource['poll'] }, onProgress: (p: RunProgress) => void, intervalMs = 400, runId = newRunId()): Promise<T> {
  let finished = false;
  const polling = (async () => {
    while (!finished) {
      await new Promise((r) => setTimeout(r, intervalMs));
      if (finished) return;
      const p = await source.poll(runId).catch(() => null);
      if (p && p.total > 0 && !finished) onProgress(p);
    }
  })();
  try {
    return await source.run(runId);
  } finally {
    finished = true;
    await polling;
  }
}
