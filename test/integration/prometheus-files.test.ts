import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, samplePayment, type TestEngine } from '../fixtures/engine';
import { DEFAULT_ALERT_RULES } from '../../src/main/engine/domain/default-alert-rules';

const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
const RULES_FILE = path.resolve(import.meta.dirname, '../../deploy/prometheus/decisionos-alerts.yml');
const COMPAT_FILE = path.resolve(import.meta.dirname, '../../deploy/prometheus/compat-rules.yml');
const COMPAT_TESTS = path.resolve(import.meta.dirname, '../fixtures/prometheus/compat-rules.test.yml');
const RUNBOOK_ALERTS = path.resolve(import.meta.dirname, '../fixtures/prometheus/runbook-alerts.yml');
const ALERT_TESTS = path.resolve(import.meta.dirname, '../fixtures/prometheus/decisionos-alerts.test.yml');
const SEEDS_DIR = process.env.DECISIONOS_SEEDS_DIR ?? '/work/shared/seeds';
const hasPromtool = fs.existsSync(PROMTOOL);
// promtool comes from Debian's prometheus package, which .ci/run installs: in CI a missing one is a failure.
if (!hasPromtool && process.env.CI) throw new Error(`promtool not found at ${PROMTOOL}: apt-get install -y prometheus`);
if (!hasPromtool) console.log(`promtool checks skipped: no ${PROMTOOL} (apt-get install -y prometheus)`);

const promtool = (args: string[], input?: string) => spawnSync(PROMTOOL, args, { input, encoding: 'utf8' });

let t: TestEngine;
const upstream = http.createServer((_req, res) => res.writeHead(503).end());

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/`;
  t = await startTestEngine(
    { integrations: [{ name: 'sanctions', url, applies_to: ['payment_fraud_check'], timeout_ms: 500, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review',
      breaker: { failure_threshold: 1, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 } }] },
    { telemetryTimer: false },
  );
  // Traffic that gives every metric family samples: decisions, an integration failure, an open breaker, an alert.
  for (const amount of [50, 15_000, 90_000]) await t.request('POST', '/api/decisions', { body: samplePayment({ amount }) });
  await t.drain();
  await t.request('GET', '/api/governance/tasks/none/decision-trace');
  await t.engine.telemetry.tick();
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

describe.skipIf(!hasPromtool)('Prometheus exposition and alerting rules', () => {
  it('passes promtool check metrics, with every family the runbooks name', async () => {
    const exposition = (await t.request('GET', '/metrics')).body as string;
    for (const family of [
      'decisionos_decisions_total', 'decisionos_decision_lag_seconds', 'decisionos_queue_depth', 'decisionos_queue_enqueued_total',
      'decisionos_queue_dequeued_total', 'decisionos_queue_dead_lettered_total', 'decisionos_worker_busy_ratio', 'decisionos_build_info',
      'decisionos_worker_retries_total', 'decisionos_alerts_total', 'decisionos_breaker_state', 'decisionos_breaker_transitions_total',
      'decisionos_integration_call_duration_seconds', 'http_request_duration_seconds', 'decisionos_risk_score',
      'nodejs_eventloop_lag_p99_seconds', 'decisionos_db_size_bytes', 'decisionos_tasks',
      'process_cpu_seconds_total', 'process_resident_memory_bytes', 'decisionos_missing_terminal_ratio', 'decisionos_monitor_last_run_timestamp_seconds',
    ]) expect(exposition, family).toContain(`# TYPE ${family} `);
    const check = promtool(['check', 'metrics'], exposition);
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('passes promtool check rules, with one rule per tier of each default alert rule (its severity label), on metrics the engine exposes', async () => {
    const tiers = DEFAULT_ALERT_RULES.flatMap((r) => [`${r.id}/${r.severity}`, ...(r.critical ? [`${r.id}/critical`] : [])]).sort();
    const check = promtool(['check', 'rules', RULES_FILE]);
    expect(check.stdout).toContain(`SUCCESS: ${tiers.length} rules found`);
    expect(check.status).toBe(0);
    const text = fs.readFileSync(RULES_FILE, 'utf8');
    expect([...text.matchAll(/labels: \{ severity: ([a-z]+), rule_id: ([a-z0-9.-]+) \}/g)].map((m) => `${m[2]}/${m[1]}`).sort()).toEqual(tiers);
    const exposition = (await t.request('GET', '/metrics')).body as string;
    const used = new Set([...text.matchAll(/\b((?:decisionos|http|process)_[a-z_]+?)(?:_bucket|_count|_sum)?\b(?=[{[ )])/g)].map((m) => m[1] as string));
    expect([...used]).toEqual(expect.arrayContaining(['http_request_duration_seconds', 'decisionos_queue_depth', 'decisionos_tasks', 'decisionos_breaker_state', 'decisionos_decision_lag_seconds',
      'process_cpu_seconds_total', 'process_resident_memory_bytes', 'decisionos_queue_enqueued_total', 'decisionos_missing_terminal_ratio', 'decisionos_monitor_last_run_timestamp_seconds',
      'decisionos_integration_call_duration_seconds']));
    for (const name of used) expect(exposition, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
  });

  it('fires the rules of the newer defaults on their conditions and none of them on an idle engine whose monitor runs (promtool test rules)', () => {
    const text = fs.readFileSync(ALERT_TESTS, 'utf8');
    for (const alert of ['DecisionOSProcessCpuHigh', 'DecisionOSProcessMemoryHigh', 'DecisionOSThroughputFloor', 'DecisionOSNeedsReviewRate', 'DecisionOSMissingTerminalRatio',
      'DecisionOSIntegrationUnavailableRate', 'DecisionOSMonitorStale']) expect(text, alert).toContain(`alertname: ${alert}`);
    const run = promtool(['test', 'rules', ALERT_TESTS]);
    expect(run.stdout + run.stderr).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('passes promtool check rules for compat-rules.yml, built only on metrics the engine exposes', async () => {
    const check = promtool(['check', 'rules', COMPAT_FILE]);
    expect(check.stdout + check.stderr).toMatch(/SUCCESS: \d+ rules found/);
    expect(check.status).toBe(0);
    const exposition = (await t.request('GET', '/metrics')).body as string;
    const text = fs.readFileSync(COMPAT_FILE, 'utf8');
    const used = new Set([...text.matchAll(/\b((?:decisionos|http)_[a-z_]+?)(?:_bucket|_count|_sum)?\b(?=[{[ )])/g)].map((m) => m[1] as string));
    expect([...used]).toEqual(expect.arrayContaining(['decisionos_decision_lag_seconds', 'decisionos_tasks', 'http_request_duration_seconds', 'decisionos_queue_depth']));
    for (const name of used) expect(exposition, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
  });

  it('records every metric name the runbooks\' alert expressions use, and those alerts fire from our series (promtool test rules)', () => {
    const recorded = [...fs.readFileSync(COMPAT_FILE, 'utf8').matchAll(/- record: ([a-z0-9_:]+)/g)].map((m) => m[1]);
    expect(recorded).toEqual(expect.arrayContaining(['decision_lag_p95_seconds', 'blocked_tasks_count', 'decision_trace_api_p95_ms', 'ai_queue_depth_total', 'ai_queue_dequeue_total']));
    const exprsOf = (text: string) => [...text.matchAll(/^\s*-?\s*expr:\s*(.+)$/gm)].map((m) => (m[1] as string).trim());
    const runbookExprs = exprsOf(fs.readFileSync(RUNBOOK_ALERTS, 'utf8'));
    for (const expr of runbookExprs) {
      const names = [...expr.matchAll(/\b([a-z_][a-z0-9_]*)\b(?!\s*\()/g)].map((m) => m[1] as string).filter((n) => n.includes('_'));
      for (const name of names) expect(recorded, `${name} in: ${expr}`).toContain(name);
    }
    // The fixture quotes the runbooks' expressions; where the runbooks are at hand, check it quotes all of them.
    if (fs.existsSync(SEEDS_DIR)) {
      const seeds = fs.readdirSync(SEEDS_DIR).map((f) => fs.readFileSync(path.join(SEEDS_DIR, f), 'utf8')).join('\n');
      const seedExprs = exprsOf(seeds);
      expect(seedExprs.length).toBeGreaterThan(0);
      expect(runbookExprs).toEqual(expect.arrayContaining(seedExprs));
    }
    const run = promtool(['test', 'rules', COMPAT_TESTS]);
    expect(run.stdout + run.stderr).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });
});
