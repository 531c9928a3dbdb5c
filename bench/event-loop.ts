import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type BenchRow, benchEngine, drain, fmt, int, payment, submitMany } from './lib';

/**
 * How much the worker running flat out stalls the engine's host thread (the Electron main process in the
 * desktop app): 20,000 queued decisions drained with the worker inline, then on the writer thread.
 */
export async function benchEventLoop(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const workerThread of [false, true]) {
    const engine = await benchEngine({ workerThread });
    await engine.queue.setPaused(true);
    await submitMany(engine, 20_000, 64, (i) => payment(i));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    await engine.queue.setPaused(false);
    engine.worker.notify();
    const t0 = performance.now();
    await drain(engine);
    const seconds = (performance.now() - t0) / 1000;
    delay.disable();
    await engine.stop();
    const p99 = delay.percentile(99) / 1e6;
    rows.push({
      name: `Host event-loop delay while the worker drains 20,000 decisions, worker ${workerThread ? 'on the writer thread' : 'inline'}`,
      result: `p50 ${fmt(delay.percentile(50) / 1e6)} ms, p99 ${fmt(p99)} ms, max ${fmt(delay.max / 1e6)} ms; drained at ${int(20_000 / seconds)} decisions/s`,
      target: 'p99 < 50 ms (issue 4)',
      met: p99 < 50,
      note: workerThread ? 'the default' : 'WORKER_THREAD=false',
    });
  }
  return rows;
}
