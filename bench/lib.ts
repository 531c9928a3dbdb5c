import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { configFromEnv, type EngineConfig } from '../src/main/engine/config';
import { startEngine, type Engine } from '../src/main/engine/engine';
import type { Principal } from '../src/main/engine/ports/records';
import { summarize } from '../src/main/engine/domain/percentiles';

export type { BenchRow } from '../src/main/engine/domain/bench-table';

export const benchPrincipal: Principal = { keyId: 'bench', workspaceId: 'default', name: 'bench', scopes: ['admin'] };

export function scratchDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dos-bench-${name}-`));
}

/** A TCP port nobody listens on right now (for a child process to take). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function benchEngine(overrides: Partial<EngineConfig> = {}, listen = false): Promise<Engine> {
  const dataDir = overrides.dataDir ?? scratchDir('engine');
  const config = configFromEnv({}, { rateLimitPerMinute: 10_000_000, port: 0, ...overrides, dataDir });
  return startEngine(config, { listen, logger: pino({ level: 'silent' }) });
}

export function payment(i: number, taskId = `bench-task-${i % 5000}`) {
  return {
    decision_type: 'payment_fraud_check' as const,
    task_id: taskId,
    // One in twenty is over the hard limit (blocked), so the blocked-reason stats have rows to count.
    inputs: { amount: i % 20 === 0 ? 60_000 : 20 + ((i * 37) % 900), currency: 'EUR', customer_id: `c-${i % 20000}`, card_country: 'DE', ip_country: i % 25 === 0 ? 'FR' : 'DE' },
  };
}

/** Submits `count` decisions with `width` in flight, as concurrent API callers would. */
export async function submitMany(engine: Engine, count: number, width: number, make: (i: number) => unknown): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await engine.dispatch('submitDecision', make(next++), { principal: benchPrincipal });
    }),
  );
}

export async function drain(engine: Engine, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await engine.queue.counts(null, Date.now() + 3_600_000);
    if (c.ready + c.delayed + c.leased === 0) return;
    if (Date.now() > deadline) throw new Error(`queue did not drain: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Times `fn` `runs` times (after `warmup` untimed runs); returns ms percentiles. */
export async function timeRuns(runs: number, fn: (i: number) => Promise<unknown>, warmup = 5) {
  for (let i = 0; i < warmup; i += 1) await fn(i);
  const times = new Float64Array(runs);
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await fn(i);
    times[i] = performance.now() - t0;
  }
  return summarize(times);
}

export const fmt = (n: number | null, digits = 1) => (n === null ? 'n/a' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
