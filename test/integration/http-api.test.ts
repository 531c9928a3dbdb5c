import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OP_NAMES, contract } from '../../src/shared/contract';
import { startTestEngine, samplePayment, type TestEngine } from '../fixtures/engine';

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 1_000 });
});
afterAll(async () => {
  await t.close();
});

/** Rows written so far, once the worker is idle: the proof that a refused request wrote nothing. */
async function rowCounts() {
  await t.drain();
  const db = (await import('better-sqlite3')).default;
  const conn = new db(`${t.dataDir}/decisionos.sqlite`, { readonly: true });
  try {
    const count = (table: string) => (conn.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { decisions: count('decisions'), audits: count('task_audits'), tasks: count('tasks'), jobs: count('supervisor_inbox'), keys: count('idempotency_keys') };
  } finally {
    conn.close();
  }
}

describe('submitting and judging decisions', () => {
  it('accepts a decision as queued (202) and the worker judges it with signals, findings and the policy version', async () => {
    const submitted = await t.request('POST', '/api/decisions', { body: { ...samplePayment({ amount: 70_000 }), task_id: 'task-judge-1' } });
    expect(submitted.status).toBe(202);
    expect(submitted.body.status).toBe('queued');
    await t.drain();
    const judged = await t.request('GET', `/api/governance/decisions/${submitted.body.decision_id}`);
    expect(judged.status).toBe(200);
    expect(judged.body.status).toBe('blocked');
    expect(judged.body.findings[0].code).toBe('amount_over_hard_limit');
    expect(judged.body.policy_version).toBe(1);
    expect(judged.body.signals.amount).toBe(70_000);
    expect(judged.body.lag_ms).toBeGreaterThanOrEqual(0);
  });

  it('serves the same decision under the runbook alias /decisions/{id}', async () => {
    const submitted = await t.request('POST', '/api/decisions', { body: samplePayment() });
    const alias = await t.request('GET', `/decisions/${submitted.body.decision_id}`);
    expect(alias.status).toBe(200);
    expect(alias.body.decision_id).toBe(submitted.body.decision_id);
  });

  it('writes the full trace in order: received, enqueued, processing, signals, verdict', async () => {
    const submitted = await t.request('POST', '/api/decisions', { body: { ...samplePayment(), task_id: 'task-trace-order' } });
    await t.drain();
    const trace = await t.request('GET', '/api/governance/tasks/task-trace-order/decision-trace');
    expect(trace.body.items.map((e: { event_type: string }) => e.event_type)).toEqual([
      'RECEIVED', 'ENQUEUED', 'PROCESSING_STARTED', 'SIGNALS_COMPUTED', 'SUPERVISOR_APPROVED',
    ]);
    const verdict = trace.body.items[4];
    expect(verdict.payload.decision_snapshot.decision_id).toBe(submitted.body.decision_id);
    expect(verdict.payload.decision_snapshot.policy_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verdict.supervisor_processed_at).not.toBeNull();
  });
});

describe('trace paging', () => {
  it('pages a long trace by cursor without gaps or repeats, even while new events arrive', async () => {
    for (let i = 0; i < 12; i += 1) await t.request('POST', '/api/decisions', { body: { ...samplePayment(), task_id: 'task-long' } });
    await t.drain();
    const first = await t.request('GET', '/api/governance/tasks/task-long/decision-trace?limit=7');
    expect(first.body.count).toBe(7);
    expect(first.body.total).toBe(60);
    // New events arrive between pages: they must show up at the end, not shift the pages.
    await t.request('POST', '/api/decisions', { body: { ...samplePayment(), task_id: 'task-long' } });
    await t.drain();
    const seen: number[] = first.body.items.map((e: { seq: number }) => e.seq);
    let cursor = first.body.next_cursor;
    while (cursor) {
      const page = await t.request('GET', `/api/governance/tasks/task-long/decision-trace?limit=7&cursor=${cursor}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e: { seq: number }) => e.seq));
      cursor = page.body.next_cursor;
    }
    expect(seen.length).toBe(65);
    expect(new Set(seen).size).toBe(65);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('refuses a limit above 200 and a cursor it did not hand out', async () => {
    expect((await t.request('GET', '/api/governance/tasks/task-long/decision-trace?limit=201')).body.error.code).toBe('validation_failed');
    const bad = await t.request('GET', '/api/governance/tasks/task-long/decision-trace?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_cursor');
  });
});

describe('idempotency', () => {
  it('replays the original decision for the same client_request_id and payload, with a header saying so', async () => {
    const body = { ...samplePayment(), client_request_id: 'req-replay-1' };
    const first = await t.request('POST', '/api/decisions', { body });
    const second = await t.request('POST', '/api/decisions', { body });
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.decision_id).toBe(first.body.decision_id);
  });

  it('answers 422 idempotency_conflict for the same id with a different payload and writes nothing', async () => {
    await t.request('POST', '/api/decisions', { body: { ...samplePayment(), client_request_id: 'req-conflict-1' } });
    const before = await rowCounts();
    const conflict = await t.request('POST', '/api/decisions', { body: { ...samplePayment({ amount: 999 }), client_request_id: 'req-conflict-1' } });
    expect(conflict.status).toBe(422);
    expect(conflict.body.error.code).toBe('idempotency_conflict');
    expect(await rowCounts()).toEqual(before);
  });

  it('creates exactly one decision from 25 concurrent identical submissions', async () => {
    const body = { ...samplePayment(), client_request_id: 'req-concurrent-1' };
    const responses = await Promise.all(Array.from({ length: 25 }, () => t.request('POST', '/api/decisions', { body })));
    const ids = new Set(responses.map((r) => r.body.decision_id));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.status === 202)).toHaveLength(1);
  });

  it('scopes request ids per workspace: another workspace may reuse one', async () => {
    const other = await t.keyFor('ws-idem', ['submit', 'read']);
    const body = { ...samplePayment(), client_request_id: 'req-shared-id' };
    const a = await t.request('POST', '/api/decisions', { body });
    const b = await t.request('POST', '/api/decisions', { body, key: other });
    expect(b.status).toBe(202);
    expect(b.body.decision_id).not.toBe(a.body.decision_id);
  });
});

describe('workspaces, keys and scopes', () => {
  it("answers 404, not 403, for another workspace's decision and task", async () => {
    const mine = await t.request('POST', '/api/decisions', { body: { ...samplePayment(), task_id: 'task-private' } });
    const stranger = await t.keyFor('ws-stranger', ['read', 'submit', 'review', 'operate']);
    for (const url of [
      `/api/governance/decisions/${mine.body.decision_id}`,
      '/api/governance/tasks/task-private/summary',
      '/api/governance/tasks/task-private/decision-trace',
    ]) {
      const r = await t.request('GET', url, { key: stranger });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
    const unblock = await t.request('POST', '/api/governance/tasks/task-private/unblock', { key: stranger, body: { reason: 'not mine' } });
    expect(unblock.status).toBe(404);
    const list = await t.request('GET', '/api/decisions?limit=500', { key: stranger });
    expect(list.body.items.some((d: { decision_id: string }) => d.decision_id === mine.body.decision_id)).toBe(false);
  });

  it('answers 401 without a key or with a wrong one, and 403 when a scope is missing', async () => {
    expect((await t.request('GET', '/api/queue', { key: null })).status).toBe(401);
    expect((await t.request('GET', '/api/queue', { key: 'dos_nope.nope' })).body.error.code).toBe('unauthorized');
    const reader = await t.keyFor('default', ['read']);
    const denied = await t.request('POST', '/api/decisions', { key: reader, body: samplePayment() });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
  });

  it('keeps /health and /ready open without a key', async () => {
    expect((await t.request('GET', '/health', { key: null })).body.status).toBe('ok');
    const ready = await t.request('GET', '/ready', { key: null });
    expect(ready.status).toBe(200);
    expect(ready.body.ready).toBe(true);
    expect(Object.keys(ready.body.checks)).toEqual(expect.arrayContaining(['database', 'worker', 'queue']));
  });
});

describe('bad input gets a 4xx with a code and writes nothing', () => {
  const cases: [string, { body: unknown; headers?: Record<string, string> }, number, string][] = [
    ['malformed JSON', { body: '{"decision_type": "payment_fraud_check",', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
    ['a wrong type', { body: { ...samplePayment(), inputs: { ...samplePayment().inputs, amount: 'lots' } } }, 400, 'validation_failed'],
    ['an unknown top-level field', { body: { ...samplePayment(), surprise: true } }, 400, 'validation_failed'],
    ['an unknown decision type', { body: { decision_type: 'teleport', inputs: {} } }, 400, 'validation_failed'],
    ['a missing required input', { body: { decision_type: 'reconciliation', inputs: { affiliate_id: 'a', platform: 'p' } } }, 400, 'validation_failed'],
    ['an array body', { body: [samplePayment()] }, 400, 'validation_failed'],
    ['an oversized body', { body: { ...samplePayment(), inputs: { ...samplePayment().inputs, blob: 'x'.repeat(300 * 1024) } } }, 413, 'payload_too_large'],
    ['a non-JSON media type', { body: 'amount=1', headers: { 'content-type': 'text/plain' } }, 415, 'unsupported_media_type'],
  ];
  for (const [what, request, status, code] of cases) {
    it(`refuses ${what} with ${status} ${code}`, async () => {
      const before = await rowCounts();
      const r = await t.request('POST', '/api/decisions', request);
      expect(r.status).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message.length).toBeGreaterThan(10);
      expect(r.body.error.request_id).toBe(r.headers['x-request-id']);
      expect(await rowCounts()).toEqual(before);
    });
  }

  it('names the offending field in the message and details', async () => {
    const r = await t.request('POST', '/api/decisions', { body: { ...samplePayment(), inputs: { ...samplePayment().inputs, amount: -5 } } });
    expect(r.body.error.message).toContain('inputs.amount');
    expect(r.body.error.details.issues[0].path).toBe('inputs.amount');
  });
});

describe('transport guards', () => {
  it('refuses a foreign Host header with 403 (DNS rebinding)', async () => {
    const r = await t.request('GET', '/health', { headers: { host: 'evil.example:8080' } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('host_not_allowed');
  });

  it('accepts localhost and 127.0.0.1 with any port', async () => {
    expect((await t.request('GET', '/health', { headers: { host: 'localhost:8080' } })).status).toBe(200);
    expect((await t.request('GET', '/health', { headers: { host: '127.0.0.1:1234' } })).status).toBe(200);
  });

  it('echoes a request id on every response, using the caller\'s when it is safe', async () => {
    const r = await t.request('GET', '/health', { headers: { 'x-request-id': 'trace-abc-123' } });
    expect(r.headers['x-request-id']).toBe('trace-abc-123');
    const unknown = await t.request('GET', '/no/such/route');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.request_id).toMatch(/^req_/);
  });

  it('changes nothing on any GET in the contract', async () => {
    const before = await rowCounts();
    for (const name of OP_NAMES) {
      const op = contract[name];
      if (op.method !== 'GET') continue;
      const url = op.path.replace(':decision_id', 'dec_x').replace(':task_id', 'task-long').replace(':version', '1');
      await t.request('GET', url);
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe('review and unblock', () => {
  it('records a reviewer verdict on a needs_review decision as a REVIEW_* event with who', async () => {
    const submitted = await t.request('POST', '/api/decisions', { body: { ...samplePayment({ amount: 15_000 }), task_id: 'task-review-1' } });
    await t.drain();
    expect((await t.request('GET', `/api/governance/decisions/${submitted.body.decision_id}`)).body.status).toBe('needs_review');
    const reviewed = await t.request('POST', `/api/governance/decisions/${submitted.body.decision_id}/review`, { body: { verdict: 'approve', note: 'known customer' } });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.status).toBe('approved');
    expect(reviewed.body.review.reviewer).toBe('local-admin');
    const again = await t.request('POST', `/api/governance/decisions/${submitted.body.decision_id}/review`, { body: { verdict: 'reject' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_state');
    const trace = await t.request('GET', '/api/governance/tasks/task-review-1/decision-trace');
    const last = trace.body.items.at(-1);
    expect(last.event_type).toBe('REVIEW_APPROVED');
    expect(last.actor).toBe('local-admin');
    expect(reviewed.body.audit_id).toBe(last.audit_id);
  });

  it('unblocks a BLOCKED task only with a reason, as MANUAL_UNBLOCK, and refuses a task that is not blocked', async () => {
    await t.request('POST', '/api/decisions', { body: { ...samplePayment({ amount: 90_000 }), task_id: 'task-unblock-1' } });
    await t.drain();
    expect((await t.request('GET', '/api/governance/tasks/task-unblock-1/summary')).body.status).toBe('BLOCKED');
    const noReason = await t.request('POST', '/api/governance/tasks/task-unblock-1/unblock', { body: {} });
    expect(noReason.status).toBe(400);
    const ok = await t.request('POST', '/api/governance/tasks/task-unblock-1/unblock', { body: { reason: 'false positive, customer verified' } });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('RUNNING');
    const summary = await t.request('GET', '/api/governance/tasks/task-unblock-1/summary');
    expect(summary.body.status).toBe('RUNNING');
    expect(summary.body.blocked_reasons).toEqual(['amount_over_hard_limit']);
    const trace = await t.request('GET', '/api/governance/tasks/task-unblock-1/decision-trace');
    expect(trace.body.items.at(-1).event_type).toBe('MANUAL_UNBLOCK');
    expect(trace.body.items.at(-1).payload.reason).toBe('false positive, customer verified');
    const twice = await t.request('POST', '/api/governance/tasks/task-unblock-1/unblock', { body: { reason: 'again please' } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('not_blocked');
  });

  it('lists BLOCKED tasks with their reason code, filters by reason, pages, hides other workspaces and drops an unblocked task', async () => {
    for (let i = 0; i < 3; i += 1) {
      await t.request('POST', '/api/decisions', { body: { ...samplePayment({ amount: 90_000 }), task_id: `task-list-blocked-${i}` } });
    }
    await t.request('POST', '/api/decisions', { body: { ...samplePayment({ amount: 15_000 }), task_id: 'task-list-review' } });
    await t.drain();
    const blocked = await t.request('GET', '/api/governance/tasks?reason_code=amount_over_hard_limit&limit=2');
    expect(blocked.status).toBe(200);
    expect(blocked.body.items).toHaveLength(2);
    expect(blocked.body.items[0]).toMatchObject({ status: 'BLOCKED', reason_code: 'amount_over_hard_limit', decision_type: 'payment_fraud_check' });
    const rest = await t.request('GET', `/api/governance/tasks?reason_code=amount_over_hard_limit&limit=2&cursor=${blocked.body.next_cursor}`);
    const ids = [...blocked.body.items, ...rest.body.items].map((x: { task_id: string }) => x.task_id);
    expect(ids).toEqual(expect.arrayContaining(['task-list-blocked-0', 'task-list-blocked-1', 'task-list-blocked-2']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('task-list-review');
    const review = await t.request('GET', '/api/governance/tasks?status=NEEDS_REVIEW');
    expect(review.body.items.map((x: { task_id: string }) => x.task_id)).toContain('task-list-review');

    await t.request('POST', '/api/governance/tasks/task-list-blocked-0/unblock', { body: { reason: 'checked by hand' } });
    const after = await t.request('GET', '/api/governance/tasks?limit=500');
    expect(after.body.items.map((x: { task_id: string }) => x.task_id)).not.toContain('task-list-blocked-0');
    const stranger = await t.keyFor('ws-stranger-tasks', ['read']);
    expect((await t.request('GET', '/api/governance/tasks', { key: stranger })).body.items).toEqual([]);
    const bad = await t.request('GET', '/api/governance/tasks?status=RUNNING');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });
});

describe('policies', () => {
  const rule = (id: string, expression: string) => ({
    id, kind: 'threshold', applies_to: ['payment_fraud_check'], expression, code: 'test_rule', severity: 'low', message: 'test rule',
  });

  it('rejects a policy with a broken rule whole, naming the rule and the parser error', async () => {
    const before = (await t.request('GET', '/api/policies')).body.items.length;
    const r = await t.request('POST', '/api/policies', {
      body: { name: 'broken', rules: [rule('good.one', 'inputs.amount > 5.0'), rule('bad.one', 'inputs.amount >')] },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_policy');
    expect(r.body.error.details.rule_errors).toHaveLength(1);
    expect(r.body.error.details.rule_errors[0].rule_id).toBe('bad.one');
    expect(r.body.error.message).toContain('bad.one');
    expect((await t.request('GET', '/api/policies')).body.items.length).toBe(before);
  });

  it('stores a valid version immutably (same content -> same version) and activation changes what judges', async () => {
    const doc = { name: 'strict', rules: [{ ...rule('all.payments', 'inputs.amount >= 0.0'), kind: 'redline', code: 'everything_blocked' }] };
    const up = await t.request('POST', '/api/policies', { body: doc });
    expect(up.status).toBe(201);
    expect(up.body.active).toBe(false);
    const again = await t.request('POST', '/api/policies', { body: doc });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(up.body.version);
    const noReason = await t.request('POST', `/api/policies/${up.body.version}/activate`, { body: {} });
    expect(noReason.status).toBe(400);
    const act = await t.request('POST', `/api/policies/${up.body.version}/activate`, { body: { reason: 'test the strict policy' } });
    expect(act.body.active).toBe(true);
    const d = await t.request('POST', '/api/decisions', { body: { ...samplePayment(), task_id: 'task-strict' } });
    await t.drain();
    const judged = await t.request('GET', `/api/governance/decisions/${d.body.decision_id}`);
    expect(judged.body.status).toBe('blocked');
    expect(judged.body.policy_version).toBe(up.body.version);
    await t.request('POST', '/api/policies/1/activate', { body: { reason: 'back to the default' } });
  });
});

describe('stats', () => {
  it('reports blocked reasons, decision lag percentiles and type mix over a window', async () => {
    const blocked = await t.request('GET', '/api/governance/stats/blocked-reasons?window=24h&top_n=5');
    expect(blocked.status).toBe(200);
    expect(blocked.body.reasons[0].count).toBeGreaterThan(0);
    expect(blocked.body.total_blocked).toBe(blocked.body.reasons.reduce((n: number, r: { count: number }) => n + r.count, 0));
    const lag = await t.request('GET', '/api/governance/stats/decision-lag?window=1h');
    expect(lag.body.count).toBeGreaterThan(0);
    expect(lag.body.p50_ms).toBeLessThanOrEqual(lag.body.p95_ms);
    expect(lag.body.p95_ms).toBeLessThanOrEqual(lag.body.max_ms);
    const types = await t.request('GET', '/api/governance/stats/decision-types?window=1h');
    expect(types.body.total).toBe(lag.body.count);
    expect((await t.request('GET', '/api/governance/stats/decision-lag?window=forever')).status).toBe(400);
    expect((await t.request('GET', '/api/governance/stats/decision-lag?window=91d')).status).toBe(400);
  });
});

describe('metrics and queue', () => {
  it('exposes Prometheus text at /metrics and its runbook alias', async () => {
    for (const url of ['/metrics', '/api/about/metrics/prometheus']) {
      const r = await t.request('GET', url, { key: null });
      expect(r.status).toBe(200);
      expect(String(r.headers['content-type'])).toContain('text/plain');
      for (const name of ['http_request_duration_seconds_bucket', 'decisionos_decisions_total', 'decisionos_queue_depth', 'decisionos_queue_enqueued_total', 'decisionos_decision_lag_seconds_bucket', 'nodejs_eventloop_lag_seconds']) {
        expect(r.body).toContain(name);
      }
    }
  });

  it('pauses and resumes claiming, audited, and shows depth while paused', async () => {
    const paused = await t.request('POST', '/api/queue/pause', { body: { reason: 'maintenance window' } });
    expect(paused.body.paused).toBe(true);
    await t.request('POST', '/api/decisions', { body: samplePayment() });
    await new Promise((r) => setTimeout(r, 50));
    expect((await t.request('GET', '/api/queue')).body.ready).toBe(1);
    const resumed = await t.request('POST', '/api/queue/resume', { body: { reason: 'done' } });
    expect(resumed.body.paused).toBe(false);
    await t.drain();
    expect((await t.request('GET', '/api/queue')).body.depth).toBe(0);
  });
});
