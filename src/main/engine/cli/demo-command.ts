import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configFromEnv } from '../config';
import { startEngine } from '../engine';
import { demoWorkload } from '../demo/workload';
import { startDemoSanctionsService } from '../demo/sanctions-service';
import { localBrowserPrincipal, waitForStopSignal } from './serve-command';
import { progressLine } from './progress';

export interface DemoOptions {
  port?: number;
  /** Stop once the workload is judged instead of serving on. */
  exit?: boolean;
}

/**
 * `decisionos demo`: an engine on a fresh temporary data dir, fed the labelled demo workload through its
 * real HTTP API (so the API, the queue and the worker all run), then left serving for the UI. The story and the
 * login link go to stderr (with a progress line on a terminal); the results go to stdout.
 */
export async function demoCommand(o: DemoOptions): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decisionos-demo-'));
  // Payments ask a demo sanctions vendor, which has an outage part way through: the breaker opens, decisions go
  // to review with integration_unavailable, and after the cooldown a probe closes it again.
  const vendor = await startDemoSanctionsService();
  // The demo posts ~600 decisions at once: lift the per-workspace budget for this throwaway engine only.
  const config = configFromEnv(process.env, {
    dataDir,
    port: o.port ?? 0,
    rateLimitPerMinute: 100_000,
    integrations: [{
      name: 'demo_sanctions', url: vendor.url, applies_to: ['payment_fraud_check'], timeout_ms: 1_000, retries: 1, retry_backoff_ms: 50,
      on_unavailable: 'needs_review',
      breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: DEMO_COOLDOWN_S, half_open_probe_count: 1 },
    }],
  });
  const engine = await startEngine(config);
  const key = fs.readFileSync(path.join(dataDir, 'admin.key'), 'utf8').trim();
  const workload = demoWorkload();
  process.stderr.write(`Demo engine on ${engine.url} (data dir ${dataDir}); submitting ${workload.length} demo decisions...\n`);
  const progress = progressLine('submitting demo decisions');
  let sent = 0;

  const statuses: Record<number, number> = {};
  const submit = async (bodies: typeof workload) => {
    for (const body of bodies) {
      const response = await fetch(`${engine.url}/api/decisions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      });
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      await response.arrayBuffer();
      progress.update((sent += 1), workload.length);
    }
    progress.finish();
    await waitUntilJudged(engine.url as string, key);
  };
  // The outage covers the 60th to 80th percent of the payments (the decisions that ask the vendor).
  const payments = workload.flatMap((w, i) => (w.decision_type === 'payment_fraud_check' ? [i] : []));
  const cut = (share: number) => payments[Math.floor(payments.length * share)] ?? workload.length;
  const [first, outage, after] = [workload.slice(0, cut(0.6)), workload.slice(cut(0.6), cut(0.8)), workload.slice(cut(0.8))];
  await submit(first);
  process.stderr.write('Demo sanctions vendor goes down (its breaker will open)...\n');
  vendor.fail();
  await submit(outage);
  vendor.recover();
  process.stderr.write(`Demo sanctions vendor is back; waiting ${DEMO_COOLDOWN_S} s for the breaker's probe...\n`);
  await new Promise((resolve) => setTimeout(resolve, DEMO_COOLDOWN_S * 1000 + 200));
  await submit(after);
  const breakers = (await (await fetch(`${engine.url}/api/breakers`, { headers: { authorization: `Bearer ${key}` } })).json()) as { items: { integration: string; state: string; last_transition: { cause: string } | null }[] };
  for (const b of breakers.items) process.stdout.write(`Breaker ${b.integration}: ${b.state}${b.last_transition ? ` (last: ${b.last_transition.cause})` : ''}\n`);
  const types = await (await fetch(`${engine.url}/api/governance/stats/decision-types?window=1h`, { headers: { authorization: `Bearer ${key}` } })).json();
  process.stdout.write(`Submitted: ${JSON.stringify(statuses)}\nJudged: ${JSON.stringify(types)}\n`);
  process.stderr.write(`Admin key: ${path.join(dataDir, 'admin.key')}\n`);
  process.stderr.write(`Open the workstation: ${engine.url}/#login=${engine.sessions.createLoginToken(await localBrowserPrincipal(engine.store))}\n`);

  if (!o.exit) {
    process.stderr.write(`Serving on ${engine.url} until Ctrl+C.\n`);
    await waitForStopSignal();
  }
  await engine.stop();
  await vendor.close();
  return 0;
}

const DEMO_COOLDOWN_S = 5;

async function waitUntilJudged(url: string, key: string): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    const queue = (await (await fetch(`${url}/api/queue`, { headers: { authorization: `Bearer ${key}` } })).json()) as { depth: number };
    if (queue.depth === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
