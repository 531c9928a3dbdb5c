import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { type BenchRow, fmt, int, scratchDir } from './lib';

const BIN = path.resolve(import.meta.dirname, '../bin/decisionos.js');

/** `decisionos serve` as its own process, so the load generator does not share its event loop. */
export async function serveEngine(extraEnv: Record<string, string> = {}): Promise<{ url: string; key: string; stop: () => Promise<void> }> {
  const dataDir = scratchDir('http');
  const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', '0'], {
    env: { ...process.env, DECISIONOS_LOG_LEVEL: 'warn', DECISIONOS_RATE_LIMIT_PER_MINUTE: '10000000', ...extraEnv },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    // The banner is on stderr (stdout is the log stream); pass it on as it was.
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      out += d;
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.on('exit', () => reject(new Error(`engine exited: ${out}`)));
  });
  const key = fs.readFileSync(path.join(dataDir, 'admin.key'), 'utf8').trim();
  return {
    url,
    key,
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** POST /api/decisions with a unique task and customer per request (autocannon fills in [<id>]). */
export const submitLoad = (engine: { url: string; key: string }) => ({
  url: `${engine.url}/api/decisions`,
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${engine.key}` },
  body: JSON.stringify({
  decision_type: 'payment_fraud_check',
  task_id: 'http-[<id>]',
    inputs: { amount: 42.5, currency: 'EUR', customer_id: 'c-[<id>]', card_country: 'DE', ip_country: 'DE' },
  }),
  idReplacement: true,
});

async function waitJudged(url: string, key: string) {
  for (let i = 0; i < 3000; i += 1) {
    const q = (await (await fetch(`${url}/api/queue`, { headers: { authorization: `Bearer ${key}` } })).json()) as { depth: number };
    if (q.depth === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** HTTP submit throughput and latency at full load, then decision lag at a steady 2,000 submissions/s. */
export async function benchHttp(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const withWorker of [true, false]) {
    const engine = await serveEngine(withWorker ? {} : { WORKER_CONCURRENCY: '0' });
    const options = { ...submitLoad(engine), connections: 32 };
    await autocannon({ ...options, duration: 3 }); // warm-up
    const r = await autocannon({ ...options, duration: 10 });
    if (withWorker) await waitJudged(engine.url, engine.key);
    await engine.stop();
    const ok = r.non2xx === 0 && r.errors === 0;
    rows.push({
      name: `HTTP submit (POST /api/decisions), 32 connections, 10 s, ${withWorker ? 'worker running' : 'no worker (API and store alone)'}`,
      result: `${int(r.requests.average)} req/s; latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms${ok ? '' : `; ${r.non2xx} non-2xx, ${r.errors} errors`}`,
      target: withWorker ? '>= 5,000 req/s, p99 < 25 ms' : 'breakdown',
      met: withWorker ? ok && r.requests.average >= 5_000 && r.latency.p99 < 25 : null,
      note: 'engine in its own process; autocannon in the bench process',
    });
  }
  {
    const engine = await serveEngine();
    const r = await autocannon({
      ...submitLoad(engine),
      connections: 16,
      overallRate: 2_000,
      duration: 15,
    });
    await waitJudged(engine.url, engine.key);
    const lag = (await (
      await fetch(`${engine.url}/api/governance/stats/decision-lag?window=5m`, { headers: { authorization: `Bearer ${engine.key}` } })
    ).json()) as { count: number; p50_ms: number; p95_ms: number; p99_ms: number };
    await engine.stop();
    rows.push({
      name: 'Decision lag at 2,000 submissions/s for 15 s',
      result: `p50 ${fmt(lag.p50_ms)} ms, p95 ${fmt(lag.p95_ms)} ms, p99 ${fmt(lag.p99_ms)} ms over ${int(lag.count)} decisions (sent ${int(r.requests.average)} req/s)`,
      target: 'p95 < 50 ms',
      met: lag.p95_ms < 50,
      note: 'lag = supervisor_processed_at - source_event_ts, from /api/governance/stats/decision-lag',
    });
  }
  return rows;
}
