import type { BenchRow } from './bench-table';
import { summarize, type Summary } from './percentiles';

/** What one submission did: its HTTP status (null: no answer, e.g. a reset or a timeout) and how long it took. */
export interface SubmitSample {
  status: number | null;
  ms: number;
}

export interface LoadtestInput {
  target: string;
  rate: number;
  durationMs: number;
  maxInFlight: number;
  scheduled: number;
  /** Due while `maxInFlight` requests were still unanswered, so not sent. */
  skippedAtCap: number;
  /** How late the latest request went out against its schedule (the sender's own delay). */
  maxLatenessMs: number;
  /** From the first request out to the last answer in. */
  elapsedMs: number;
  samples: readonly SubmitSample[];
  lag: { sampled: number; terminal: number; lagsMs: readonly number[] };
}

export interface LoadtestReport {
  target: string;
  rate_per_s: number;
  duration_s: number;
  scheduled: number;
  sent: number;
  accepted: number;
  /** Answers outside 2xx, by status. */
  refused: Record<string, number>;
  /** Requests that got no HTTP answer. */
  errors: number;
  skipped_at_cap: number;
  max_in_flight: number;
  max_lateness_ms: number;
  elapsed_s: number;
  accepted_per_s: number;
  submit_ms: Summary;
  decision_lag: { sampled: number; terminal: number; ms: Summary };
}

export function loadtestReport(i: LoadtestInput): LoadtestReport {
  const refused: Record<string, number> = {};
  let accepted = 0;
  let errors = 0;
  for (const s of i.samples) {
    if (s.status === null) errors += 1;
    else if (s.status >= 200 && s.status < 300) accepted += 1;
    else refused[s.status] = (refused[s.status] ?? 0) + 1;
  }
  const elapsedS = i.elapsedMs / 1000;
  return {
    target: i.target,
    rate_per_s: i.rate,
    duration_s: i.durationMs / 1000,
    scheduled: i.scheduled,
    sent: i.samples.length,
    accepted,
    refused,
    errors,
    skipped_at_cap: i.skippedAtCap,
    max_in_flight: i.maxInFlight,
    max_lateness_ms: round(i.maxLatenessMs),
    elapsed_s: round(elapsedS),
    accepted_per_s: elapsedS > 0 ? round(accepted / elapsedS) : 0,
    submit_ms: rounded(summarize(Float64Array.from(i.samples.filter((s) => s.status !== null).map((s) => s.ms)))),
    decision_lag: { sampled: i.lag.sampled, terminal: i.lag.terminal, ms: rounded(summarize(Float64Array.from(i.lag.lagsMs))) },
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
const rounded = (s: Summary): Summary => ({
  count: s.count,
  avg: s.avg === null ? null : round(s.avg),
  p50: s.p50 === null ? null : round(s.p50),
  p95: s.p95 === null ? null : round(s.p95),
  p99: s.p99 === null ? null : round(s.p99),
  max: s.max === null ? null : round(s.max),
});

const ms = (s: Summary) => (s.count === 0 ? 'n/a' : `p50 ${s.p50} / p95 ${s.p95} / p99 ${s.p99} / max ${s.max} ms`);

/** The report as rows of the `npm run bench` table (no targets: a load test measures, it does not judge). */
export function loadtestRows(r: LoadtestReport): BenchRow[] {
  const row = (name: string, result: string, note?: string): BenchRow => ({ name: `loadtest ${name}`, result, target: '—', met: null, ...(note ? { note } : {}) });
  const refused = Object.entries(r.refused).map(([status, n]) => `${n}× ${status}`).join(', ') || 'none';
  return [
    row('requests', `${r.sent} sent of ${r.scheduled} scheduled; ${r.accepted} accepted; refused: ${refused}; no answer: ${r.errors}`, `${r.rate_per_s}/s for ${r.duration_s} s at ${r.target}`),
    row('in-flight cap', r.skipped_at_cap === 0 ? `never hit (cap ${r.max_in_flight})` : `hit: ${r.skipped_at_cap} requests not sent (cap ${r.max_in_flight})`),
    row('throughput', `${r.accepted_per_s} accepted/s over ${r.elapsed_s} s`, `sender at most ${r.max_lateness_ms} ms behind schedule`),
    row('submit latency', ms(r.submit_ms), `${r.submit_ms.count} answers`),
    row('decision lag', ms(r.decision_lag.ms), `${r.decision_lag.terminal} of ${r.decision_lag.sampled} sampled decisions terminal`),
  ];
}
