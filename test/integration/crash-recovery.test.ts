import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../fixtures/engine';
import { pool, spawnEngine } from '../fixtures/child-engine';

const TOTAL = 10_000;
const dataDir = tempDataDir('dos-crash-');
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function db() {
  return new Database(path.join(dataDir, 'decisionos.sqlite'), { readonly: true });
}

const terminal = (conn: Database.Database) =>
  (conn.prepare(`SELECT COUNT(*) AS n FROM decisions WHERE status NOT IN ('queued', 'processing')`).get() as { n: number }).n;

describe('crash recovery', () => {
  it('after kill -9 in the middle of 10,000 queued decisions, a restart brings every decision to exactly one terminal state with a complete trace', async () => {
    const first = await spawnEngine(dataDir);
    const auth = { authorization: `Bearer ${first.key}`, 'content-type': 'application/json' };
    const paused = await fetch(`${first.url}/api/queue/pause`, { method: 'POST', headers: auth, body: JSON.stringify({ reason: 'load the queue first' }) });
    expect(paused.status).toBe(200);
    await pool(TOTAL, 32, async (i) => {
      const r = await fetch(`${first.url}/api/decisions`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          decision_type: i % 3 === 0 ? 'agent_tool_call' : 'payment_fraud_check',
          task_id: `crash-task-${i % 500}`,
          client_request_id: `crash-${i}`,
          inputs: i % 3 === 0
            ? { agent_id: `agent-${i % 40}`, tool: i % 7 === 0 ? 'shell.exec' : 'gmail.send' }
            : { amount: i % 50 === 0 ? 75_000 : 20 + (i % 300), currency: 'EUR', customer_id: `c-${i % 900}` },
        }),
      });
      expect(r.status).toBe(202);
      await r.arrayBuffer();
    });
    const resumed = await fetch(`${first.url}/api/queue/resume`, { method: 'POST', headers: auth, body: JSON.stringify({ reason: 'queue loaded' }) });
    expect(resumed.status).toBe(200);

    const watch = db();
    let judgedAtKill = 0;
    for (let i = 0; i < 4000; i += 1) {
      judgedAtKill = terminal(watch);
      if (judgedAtKill >= 1500) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const judgedAfterKill = terminal(watch);
    watch.close();
    // The kill must land mid-stream, or this test proves nothing.
    expect(judgedAtKill).toBeGreaterThan(0);
    expect(judgedAfterKill).toBeLessThan(TOTAL);

    const second = await spawnEngine(dataDir);
    const check = db();
    for (let i = 0; i < 600 && terminal(check) < TOTAL; i += 1) await new Promise((r) => setTimeout(r, 100));
    const stopAt = Date.now();
    second.child.kill('SIGTERM');
    const exit = await second.exited;
    expect(exit.code).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(10_000);

    expect(terminal(check)).toBe(TOTAL);
    expect((check.prepare('SELECT COUNT(*) AS n FROM decisions').get() as { n: number }).n).toBe(TOTAL);
    expect((check.prepare(`SELECT COUNT(*) AS n FROM supervisor_inbox WHERE status != 'dead'`).get() as { n: number }).n).toBe(0);
    const perDecision = check
      .prepare(
        `SELECT d.decision_id, d.status,
                SUM(a.event_type = 'RECEIVED') AS received,
                SUM(a.event_type = 'ENQUEUED') AS enqueued,
                SUM(a.event_type = 'PROCESSING_STARTED') AS started,
                SUM(a.event_type = 'SIGNALS_COMPUTED') AS signals,
                SUM(a.event_type IN ('SUPERVISOR_APPROVED', 'SUPERVISOR_NEEDS_REVIEW', 'SUPERVISOR_BLOCKED', 'FAILED')) AS verdicts,
                MAX(CASE WHEN a.event_type LIKE 'SUPERVISOR_%' THEN lower(substr(a.event_type, 12)) WHEN a.event_type = 'FAILED' THEN 'failed' END) AS verdict
         FROM decisions d JOIN task_audits a ON a.decision_id = d.decision_id
         GROUP BY d.decision_id`,
      )
      .all() as { decision_id: string; status: string; received: number; enqueued: number; started: number; signals: number; verdicts: number; verdict: string }[];
    check.close();
    expect(perDecision).toHaveLength(TOTAL);
    const broken = perDecision.filter(
      (d) => d.received !== 1 || d.enqueued !== 1 || d.started < 1 || d.signals !== 1 || d.verdicts !== 1 || d.verdict !== d.status,
    );
    expect(broken).toEqual([]);
  }, 240_000);
});
