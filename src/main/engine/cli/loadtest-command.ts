import { randomBytes } from 'node:crypto';
import { TERMINAL_STATUSES, type DecisionView } from '../../../shared/schemas/decision';
import { configFromEnv } from '../config';
import { demoWorkload } from '../demo/workload';
import { loadtestRequest } from '../demo/loadtest-workload';
import { benchTable } from '../domain/bench-table';
import { loadtestReport, loadtestRows, type SubmitSample } from '../domain/loadtest-report';
import { openLoopSchedule } from '../domain/open-loop-schedule';
import { evenSample } from '../domain/even-sample';
import { UsageError } from './args';
import { localKey } from './engine-connection';
import { targetRefusal } from './loopback-target';

export interface LoadtestOptions {
  url?: string;
  key?: string;
  dataDir?: string;
  rate: number;
  duration: number;
  maxInFlight: number;
  json?: boolean;
  iOwnThisEngine?: boolean;
}

/** Decisions whose lag is read back after the run: enough for a p99, few enough not to load the engine again. */
const LAG_SAMPLE = 200;
const LAG_WAIT_MS = 30_000;
const SUBMIT_TIMEOUT_MS = 30_000;

/**
 * `decisionos loadtest`: the labelled demo workload sent to a running engine at a fixed open-loop rate (requests
 * go out when due, answered or not, up to --max-in-flight unanswered), then a sample of the accepted decisions is
 * read back until terminal for the engine's own decision lag. Prints the bench table, or JSON.
 */
export async function loadtestCommand(o: LoadtestOptions): Promise<number> {
  const { url, key } = target(o);
  const refusal = targetRefusal(url, o.iOwnThisEngine === true);
  if (refusal) throw new UsageError(refusal);
  const base = url.replace(/\/+$/, '');
  const workload = demoWorkload();
  const run = randomBytes(4).toString('hex');
  const schedule = openLoopSchedule(o.rate, o.duration);
  process.stderr.write(`Load test ${run}: ${schedule.length} demo decisions to ${base} at ${o.rate}/s for ${o.duration / 1000} s...\n`);

  const samples: SubmitSample[] = [];
  const acceptedIds: string[] = [];
  const pending = new Set<Promise<void>>();
  let skippedAtCap = 0;
  let maxLatenessMs = 0;
  const submit = async (i: number) => {
    const t0 = performance.now();
    try {
      const response = await fetch(`${base}/api/decisions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(loadtestRequest(workload, run, i)),
        signal: AbortSignal.timeout(SUBMIT_TIMEOUT_MS),
      });
      const body = (await response.json().catch(() => null)) as { decision_id?: string } | null;
      samples.push({ status: response.status, ms: performance.now() - t0 });
      if (response.ok && body?.decision_id) acceptedIds.push(body.decision_id);
    } catch {
      samples.push({ status: null, ms: performance.now() - t0 });
    }
  };

  const start = performance.now();
  for (let i = 0; i < schedule.length; i += 1) {
    const due = start + (schedule[i] as number);
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    maxLatenessMs = Math.max(maxLatenessMs, performance.now() - due);
    if (pending.size >= o.maxInFlight) {
      if (skippedAtCap === 0) process.stderr.write(`In-flight cap of ${o.maxInFlight} hit: requests due meanwhile are not sent (counted in the report).\n`);
      skippedAtCap += 1;
      continue;
    }
    const p: Promise<void> = submit(i).finally(() => pending.delete(p));
    pending.add(p);
  }
  await Promise.all(pending);
  const elapsedMs = performance.now() - start;

  const lag = await readLag(base, key, evenSample(acceptedIds, LAG_SAMPLE));
  const report = loadtestReport({ target: base, rate: o.rate, durationMs: o.duration, maxInFlight: o.maxInFlight, scheduled: schedule.length, skippedAtCap, maxLatenessMs, elapsedMs, samples, lag });
  process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${benchTable(loadtestRows(report))}\n`);
  if (report.accepted === 0) {
    process.stderr.write(`No submission was accepted by ${base}: see the refusals in the report.\n`);
    return 1;
  }
  return 0;
}

function target(o: LoadtestOptions): { url: string; key: string } {
  if (o.url) {
    if (!o.key) throw new UsageError('--url needs --key (an API key with the submit and read scopes)');
    return { url: o.url, key: o.key };
  }
  const config = configFromEnv(process.env, { dataDir: o.dataDir });
  return { url: `http://127.0.0.1:${config.port}`, key: o.key ?? localKey(config) };
}

/** Reads the sampled decisions until each is terminal (or LAG_WAIT_MS pass) and takes the engine's lag of each. */
async function readLag(base: string, key: string, ids: string[]): Promise<{ sampled: number; terminal: number; lagsMs: number[] }> {
  const lagsMs: number[] = [];
  let terminal = 0;
  let open = ids;
  const deadline = Date.now() + LAG_WAIT_MS;
  while (open.length > 0 && Date.now() < deadline) {
    const still: string[] = [];
    for (const id of open) {
      const response = await fetch(`${base}/api/governance/decisions/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(SUBMIT_TIMEOUT_MS) }).catch(() => null);
      const d = response?.ok ? ((await response.json()) as DecisionView) : null;
      if (d && TERMINAL_STATUSES.includes(d.status)) {
        terminal += 1;
        const lag = d.lag_ms ?? (d.processed_at ? Date.parse(d.processed_at) - Date.parse(d.enqueued_at) : null);
        if (lag !== null) lagsMs.push(lag);
      } else {
        still.push(id);
      }
    }
    open = still;
    if (open.length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { sampled: ids.length, terminal, lagsMs };
}
