import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/main/engine/services/runbook/actions/registry';
import { SignalEngine, type SignalRequest } from '../../../src/main/engine/domain/signals';
import { createMemorySignalHistory } from '../../../src/main/engine/adapters/memory-signal-history';
import { createPgPool } from '../../../src/main/engine/adapters/postgres/pg-pool';
import { migratePostgres } from '../../../src/main/engine/adapters/postgres/pg-migrate';
import type { EngineConfig } from '../../../src/main/engine/config';
import { createKey } from '../../../src/main/engine/services/access/keys';
import type { Scope } from '../../../src/shared/scopes';
import { createPostgresDatabaseForTests, dropNamespace, REDIS_URL } from '../../contract/backends';
import { startTestEngine, type TestEngine } from '../../fixtures/engine';
import type { ActionScenario, Json, SuiteBackend, SuiteTarget } from './scenario';

/** Every `<action-id>.scenario.ts` beside this file. */
const scenarioFiles = fs.readdirSync(import.meta.dirname).filter((f) => f.endsWith('.scenario.ts')).sort();
const scenarios: ActionScenario[] = [];
for (const file of scenarioFiles) scenarios.push(((await import(`./${file}`)) as { default: ActionScenario }).default);
const ordered = ACTIONS.flatMap((a) => scenarios.filter((s) => s.action === a.id));

const POISON = 'poison-';
/** Real signals, except that a poisoned customer's fail while `poisoning` is on: how the suite makes dead letters. */
function suiteSignals() {
  const real = new SignalEngine({ allowedActions: ['gmail.send'] }, createMemorySignalHistory());
  const state = { poisoning: false };
  return {
    state,
    compute(request: SignalRequest) {
      if (state.poisoning && String(request.inputs.customer_id ?? '').startsWith(POISON)) throw new Error('the suite poisoned this input');
      return real.compute(request);
    },
  };
}

const INTEGRATION = 'suite_vendor';
const suiteConfig: Partial<EngineConfig> = {
  port: 0,
  maxAttempts: 1,
  rateLimitPerMinute: 10_000_000,
  alertWebhookUrl: 'http://127.0.0.1:9/suite-hook',
  integrations: [{
    name: INTEGRATION, url: 'http://127.0.0.1:9/unused', applies_to: ['reconciliation'], timeout_ms: 100, retries: 0, retry_backoff_ms: 0,
    on_unavailable: 'needs_review',
    breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 },
  }],
};

interface Started {
  target: SuiteTarget;
  stop(): Promise<void>;
}

async function startEngineFor(backend: SuiteBackend): Promise<Started | null> {
  const signals = suiteSignals();
  const webhook: unknown[] = [];
  const webhookPost = async (_url: string, body: unknown) => {
    webhook.push(body);
    return { status: 200 };
  };
  let production: Partial<EngineConfig> = {};
  let dispose = async () => undefined;
  if (backend === 'production') {
    const db = await createPostgresDatabaseForTests();
    if (!db) return null;
    const pool = createPgPool(db.url, { max: 2 });
    await migratePostgres(pool);
    await pool.end();
    const redisPrefix = `dos-test-${randomUUID().slice(0, 8)}`;
    production = { databaseUrl: db.url, redisUrl: REDIS_URL, redisPrefix };
    dispose = async () => {
      const redis = new Redis(REDIS_URL);
      await dropNamespace(redis, redisPrefix);
      redis.disconnect();
      await db.drop();
    };
  }
  let engine: TestEngine;
  try {
    engine = await startTestEngine({ ...suiteConfig, ...production }, { signals, webhookPost, listen: true, telemetryTimer: false });
  } catch (error) {
    await dispose();
    throw error;
  }
  const url = engine.engine.url as string;
  const key = engine.adminKey;

  const call: SuiteTarget['call'] = async (method, path, body, asKey = key) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${asKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: Json = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the text as it came (a CSV export, say)
    }
    return { status: response.status, body: parsed };
  };
  const submit: SuiteTarget['submit'] = async (body) => {
    const r = await call('POST', '/api/decisions', body);
    expect([r.status, r.body.error]).toEqual([202, undefined]);
    return r.body;
  };
  const settled: SuiteTarget['settled'] = async (decisionId) => {
    let decision: Json = null;
    await expect
      .poll(async () => {
        decision = (await call('GET', `/api/governance/decisions/${decisionId}`)).body;
        return decision.status;
      }, { timeout: 20_000, interval: 20 })
      .not.toMatch(/^(queued|processing)$/);
    return decision;
  };
  let counter = 0;
  const unique: SuiteTarget['unique'] = (prefix) => `${prefix}-${backend}-${Date.now().toString(36)}-${(counter += 1)}`;

  const target: SuiteTarget = {
    backend,
    url,
    key,
    call,
    submit,
    settled,
    unique,
    integration: INTEGRATION,
    dataDir: engine.dataDir,
    webhookBodies: () => [...webhook],
    async keyFor(scopes, workspaceId = 'default') {
      return (await createKey(engine.engine.store, { now: () => Date.now() }, { workspaceId, name: unique('suite-key'), scopes: scopes as Scope[] })).key;
    },
    async deadLetters(count) {
      signals.state.poisoning = true;
      try {
        const decisions: string[] = [];
        for (let i = 0; i < count; i += 1) {
          const id = unique('dead');
          decisions.push((await submit({ decision_type: 'payment_fraud_check', task_id: id, inputs: { amount: 10, currency: 'EUR', customer_id: `${POISON}${id}` } })).decision_id);
        }
        let jobs: string[] = [];
        await expect
          .poll(async () => {
            const dead = (await call('GET', '/api/queue/dead')).body.items as { job_id: string; decision_id: string }[];
            jobs = decisions.flatMap((d) => dead.filter((j) => j.decision_id === d).map((j) => j.job_id));
            return jobs.length;
          }, { timeout: 20_000, interval: 20 })
          .toBe(count);
        return jobs;
      } finally {
        signals.state.poisoning = false;
      }
    },
    async action(id, params = {}) {
      const preview = await call('POST', `/api/runbook/actions/${id}/preview`, { params });
      expect([preview.status, preview.body.error]).toEqual([200, undefined]);
      const run = await call('POST', `/api/runbook/actions/${id}/run`, {
        params: preview.body.params,
        reason: 'action suite',
        ...(preview.body.destructive ? { confirm: preview.body.confirm } : {}),
      });
      expect([run.status, run.body.error]).toEqual([200, undefined]);
      return { preview: preview.body, result: run.body };
    },
  };
  return {
    target,
    async stop() {
      await engine.close();
      await dispose();
    },
  };
}

for (const backend of ['sqlite', 'production'] as const) {
  describe(`every runbook action on ${backend === 'sqlite' ? 'embedded SQLite' : 'Postgres + Redis'}`, () => {
    let started: Started | null = null;
    beforeAll(async () => {
      started = await startEngineFor(backend);
    }, 60_000);
    afterAll(async () => {
      await started?.stop();
    }, 30_000);

    it('has exactly one scenario for each registered action, and none for an action that does not exist', () => {
      const byAction = new Map<string, string[]>();
      for (const [i, s] of scenarios.entries()) byAction.set(s.action, [...(byAction.get(s.action) ?? []), scenarioFiles[i] as string]);
      expect(ACTIONS.filter((a) => !byAction.has(a.id)).map((a) => a.id)).toEqual([]);
      expect([...byAction].filter(([, files]) => files.length > 1)).toEqual([]);
      expect(scenarios.filter((s) => !ACTIONS.some((a) => a.id === s.action)).map((s) => s.action)).toEqual([]);
      expect(scenarioFiles.map((f, i) => [f, `${scenarios[i]?.action}.scenario.ts`]).filter(([f, want]) => f !== want)).toEqual([]);
    });

    for (const scenario of ordered) {
      it(`${scenario.action}: the run touches exactly what its preview listed, and is audited once with it`, async (ctx) => {
        if (!started) return ctx.skip();
        const t = started.target;
        const params = await scenario.arrange(t);
        const { preview, result } = await t.action(scenario.action, params);
        // Counted in the preview's units (a run may add outcome counts of its own, such as `delivered`).
        expect(result.counts.skipped ?? 0).toBe(0);
        expect(Object.fromEntries(Object.keys(preview.touches.counts).map((k) => [k, result.counts[k]]))).toEqual(preview.touches.counts);
        expect(result.progress.done).toBe(result.progress.total);

        const timeline = (await t.call('GET', '/api/timeline?kinds=runbook')).body.items as { id: string; details: Json }[];
        const events = timeline.filter((i) => i.id === `ops:${result.audit_id}`);
        expect(events).toHaveLength(1);
        expect(events[0]?.details).toMatchObject({ action: scenario.action, preview: { ids: preview.touches.ids, counts: preview.touches.counts } });

        await scenario.verify(t, preview, result);
        await scenario.cleanup?.(t, result);
      }, 60_000);
    }
  });
}
