/**
 * Everything a start opened, released in reverse order: by `stop()`, and by a start that fails half-way, so a
 * failed start leaves no thread, timer, connection or lock behind. (Node 20 has no AsyncDisposableStack.)
 */
export class DisposeStack {
  private readonly entries: { what: string; release: () => unknown }[] = [];
  private disposing: Promise<void> | null = null;

  /** Registers how to release something just opened; `what` names it in errors. */
  defer(what: string, release: () => unknown): void {
    if (this.disposing) throw new Error(`cannot open ${what}: the engine is stopping`);
    this.entries.push({ what, release });
  }

  /** Releases everything, newest first. Every entry runs even when one fails; the failures are thrown together. */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      const failures: Error[] = [];
      for (let entry = this.entries.pop(); entry; entry = this.entries.pop()) {
        try {
          await entry.release();
        } catch (error) {
          failures.push(new Error(`releasing ${entry.what} failed: ${(error as Error).message}`, { cause: error }));
        }
      }
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw new AggregateError(failures, `${failures.length} resources failed to release`);
    })();
    return this.disposing;
  }
}
