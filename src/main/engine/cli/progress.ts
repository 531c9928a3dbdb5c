/** Where progress goes: stderr, a terminal's only. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

const SILENT: Progress = { update: () => undefined, finish: () => undefined };

/**
 * One self-rewriting line (`label 120/520 (23%)`) for long work. Silent unless the stream is a terminal, so
 * pipes, log files and CI output stay clean; at most ten redraws a second.
 */
export function progressLine(label: string, stream: ProgressStream = process.stderr, now: () => number = Date.now): Progress {
  if (!stream.isTTY) return SILENT;
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(done, total) {
      if (done < total && now() - lastDraw < 100) return;
      lastDraw = now();
      drawn = true;
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      stream.write(`\r\x1b[K${label} ${done}/${total} (${percent}%)`);
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
