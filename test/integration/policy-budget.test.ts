import { afterEach, describe, expect, it } from 'vitest';
import { startTestEngine, samplePayment, type TestEngine } from '../fixtures/engine';
import { percentileSorted } from '../../src/main/engine/domain/percentiles';

/*
 * Issue 9 item 2: one workspace's policy must not stall the others. The attacker's policy carries both attacks
 * from the issue: a backtracking regex (43 s on JavaScript's RegExp for this input) and a triple-nested all()
 * over 250 items (7 s). Meanwhile a victim workspace submits and reads, one request after the other.
 *
 * A request's latency is measured as the CPU time the engine's process spent between the request and its
 * answer: everything that ran before the answer, the attacker's judging included, which is the latency on a
 * machine with nothing else to run. Wall-clock time on the shared CI and developer machines also counts the
 * time other processes hold the cores (a run without any attack measured a wall-clock p99 of up to 100 ms
 * there); it is reported in the failure message.
 */

const ATTACKER_DECISIONS = 40;
const MIN_VICTIM_ROUNDS = 100;

const attackPolicy = {
  name: 'attack',
  rules: [
    {
      id: 'redos',
      kind: 'threshold',
      applies_to: ['payment_fraud_check'],
      expression: "inputs.name.matches('^(a|aa)+$')",
      code: 'redos_hit',
      severity: 'low',
      message: 'backtracking regex',
    },
    {
      id: 'nested',
      kind: 'threshold',
      applies_to: ['payment_fraud_check'],
      expression: 'inputs.items.all(x, inputs.items.all(y, inputs.items.all(z, x + y + z >= 0)))',
      code: 'nested_hit',
      severity: 'low',
      message: 'nested comprehension',
    },
  ],
};

const attackInputs = {
  name: `${'a'.repeat(45)}b`,
  items: Array.from({ length: 250 }, (_, i) => i),
};

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe.each([
  { where: 'on the writer thread', workerThread: true },
  { where: 'inline with the HTTP server', workerThread: false },
])('policy evaluation budget, worker $where', ({ workerThread }) => {
  it("keeps the victim workspace's p99 under 50 ms during a ReDoS + nested all() attack, and the attacker's decisions end needs_review with policy_budget_exceeded", async () => {
    const engine = await startTestEngine({ workerThread, rateLimitPerMinute: 1_000_000 });
    t = engine;
    const attacker = await engine.keyFor('attacker', ['admin']);
    const victim = await engine.keyFor('victim', ['read', 'submit']);

    const uploaded = await engine.request('POST', '/api/policies', { key: attacker, body: attackPolicy });
    expect(uploaded.status).toBe(201);
    const activated = await engine.request('POST', `/api/policies/${uploaded.body.version}/activate`, {
      key: attacker,
      body: { reason: 'attack the engine' },
    });
    expect(activated.status).toBe(200);

    const attackIds: string[] = [];
    for (let i = 0; i < ATTACKER_DECISIONS; i += 1) {
      const r = await engine.request('POST', '/api/decisions', {
        key: attacker,
        body: { ...samplePayment({ customer_id: `evil-${i}`, ...attackInputs }), task_id: `attack-${i}` },
      });
      expect(r.status).toBe(202);
      attackIds.push(r.body.decision_id);
    }

    const cpuMs: number[] = [];
    const wallMs: number[] = [];
    const timed = async <T>(call: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = await call();
      const used = process.cpuUsage(cpu);
      wallMs.push(performance.now() - started);
      cpuMs.push((used.user + used.system) / 1000);
      return result;
    };
    const attackerOpen = async () => {
      for (const id of attackIds) {
        const d = await engine.request('GET', `/api/governance/decisions/${id}`, { key: attacker });
        if (d.body.status === 'queued' || d.body.status === 'processing') return true;
      }
      return false;
    };

    const victimIds: string[] = [];
    let rounds = 0;
    const deadline = Date.now() + 60_000;
    while (rounds < MIN_VICTIM_ROUNDS || (await attackerOpen())) {
      expect(Date.now()).toBeLessThan(deadline);
      const submitted = await timed(() =>
        engine.request('POST', '/api/decisions', { key: victim, body: { ...samplePayment({ customer_id: `good-${rounds}` }), task_id: `victim-${rounds}` } }),
      );
      expect(submitted.status).toBe(202);
      victimIds.push(submitted.body.decision_id);
      const read = await timed(() => engine.request('GET', `/api/governance/decisions/${submitted.body.decision_id}`, { key: victim }));
      expect(read.status).toBe(200);
      rounds += 1;
    }
    await engine.drain();

    const p99 = (samples: number[]) => (percentileSorted([...samples].sort((a, b) => a - b), 99) ?? 0).toFixed(1);
    expect(Number(p99(cpuMs)), `victim p99 ${p99(cpuMs)} ms (wall clock ${p99(wallMs)} ms) over ${cpuMs.length} requests`).toBeLessThan(50);

    for (const id of attackIds) {
      const d = await engine.request('GET', `/api/governance/decisions/${id}`, { key: attacker });
      expect(d.body.status).toBe('needs_review');
      expect(d.body.findings.map((f: { code: string }) => f.code)).toEqual(['policy_budget_exceeded']);
      expect(d.body.findings[0].rule_id).toBe('nested');
    }
    const trace = await engine.request('GET', '/api/governance/tasks/attack-0/decision-trace', { key: attacker });
    const verdict = trace.body.items.find((e: { event_type: string }) => e.event_type === 'SUPERVISOR_NEEDS_REVIEW');
    expect(verdict.payload.decision_snapshot.findings[0].code).toBe('policy_budget_exceeded');

    const victimStatuses = new Set<string>();
    for (const id of victimIds.slice(0, 10)) {
      victimStatuses.add((await engine.request('GET', `/api/governance/decisions/${id}`, { key: victim })).body.status);
    }
    expect([...victimStatuses]).toEqual(['approved']);
  }, 120_000);
});

describe('policy upload: static budget', () => {
  it('answers 422 invalid_policy naming the rule for comprehensions nested four deep and for a regex RE2 cannot compile', async () => {
    const engine = await startTestEngine();
    t = engine;
    const rule = (id: string, expression: string) => ({ ...attackPolicy.rules[0], id, expression });
    const r = await engine.request('POST', '/api/policies', {
      body: {
        name: 'too-much',
        rules: [
          rule('deep', 'inputs.a.all(w, inputs.a.all(x, inputs.a.all(y, inputs.a.all(z, true))))'),
          rule('backref', "inputs.name.matches('(a)\\\\1')"),
          rule('fine', "inputs.name.matches('^(a|aa)+$')"),
        ],
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_policy');
    expect(r.body.error.message).toBe('policy rejected: 2 rules failed validation (deep, backref)');
    const errors = r.body.error.details.rule_errors as Array<{ rule_id: string; message: string }>;
    expect(errors.map((e) => e.rule_id)).toEqual(['deep', 'backref']);
    expect(errors[0]?.message).toMatch(/over the evaluation budget: comprehensions nested 4 deep/);
    expect(errors[1]?.message).toMatch(/regular expression "\(a\)\\\\1" is not RE2 syntax/);
    expect((await engine.request('GET', '/api/policies')).body.items).toHaveLength(1);
  });
});
