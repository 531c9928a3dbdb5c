import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { summarize } from '../src/main/engine/domain/percentiles';
import { fmt, freePort, scratchDir, type BenchRow } from './lib';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/decisionos.js');
const RUNS = 10;

/** Wall time of `decisionos --help`, from spawn to exit: what a person waits for at the shell. */
function helpTime(): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, '--help'], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`decisionos --help exited ${r.status}`);
  return performance.now() - t0;
}

/** From spawn of `decisionos serve` on a fresh data dir until GET /health answers 200; then SIGTERM. */
async function serveListenTime(): Promise<number> {
  const port = await freePort();
  const env = { ...process.env, DECISIONOS_DATA_DIR: scratchDir('startup'), PORT: String(port), DECISIONOS_PORT: String(port), LOG_LEVEL: 'warn', DECISIONOS_LOG_LEVEL: 'warn' };
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: 'ignore' });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode} before listening`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - t0;
      if (performance.now() - t0 > 30_000) throw new Error('serve did not listen within 30 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function benchStartup(): Promise<BenchRow[]> {
  helpTime(); // warm the file cache
  const help = summarize(Float64Array.from({ length: RUNS }, helpTime));
  await serveListenTime();
  const serve = summarize(Float64Array.from(await (async () => { const t: number[] = []; for (let i = 0; i < RUNS; i += 1) t.push(await serveListenTime()); return t; })()));
  return [
    {
      name: '`decisionos --help`, spawn to exit (compiled CLI)',
      result: `median ${fmt(help.p50)} ms, max ${fmt(help.max)} ms over ${RUNS} runs`,
      target: '< 500 ms (issue 9)',
      met: (help.max ?? Infinity) < 500,
    },
    {
      name: '`decisionos serve` on a new data dir: spawn until GET /health answers',
      result: `median ${fmt(serve.p50)} ms, max ${fmt(serve.max)} ms over ${RUNS} runs`,
      target: '< 1,500 ms (issue 9)',
      met: (serve.max ?? Infinity) < 1500,
      note: 'writer thread, migrations, admin key, UI routes',
    },
  ];
}
