import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';
import { apiCall, previewAndRun, settledDecision } from '../fixtures/api-call';
import { parseCsv } from '../fixtures/csv';
import { EXPORT_COLUMNS } from '../../src/main/engine/domain/audit-export-format';

let cluster: ProductionCluster | null = null;
/** What the alert webhook receiver (on loopback) got: one entry per alert, `alertname:status`. */
const received: string[] = [];
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    for (const a of (JSON.parse(body) as { alerts: { labels: { alertname: string }; status: string }[] }).alerts) received.push(`${a.labels.alertname}:${a.status}`);
    res.writeHead(200).end();
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const webhook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;
  cluster = await startProductionCluster(1, { env: { DECISIONOS_ALERT_WEBHOOK_URL: webhook, DECISIONOS_SAMPLE_INTERVAL_MS: '300' } });
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
  receiver.close();
}, 30_000);

async function judged(c: ProductionCluster, taskId: string, tool: string) {
  const submitted = await apiCall(c.api, 'POST', '/api/decisions', { decision_type: 'agent_tool_call', task_id: taskId, inputs: { agent_id: 'agent-9', tool } });
  expect(submitted.status).toBe(202);
  return (await settledDecision(c.api, submitted.body.decision_id)) as { status: string; findings: { code: string }[] };
}

describe('runbook actions on Postgres + Redis (an API process and a worker process)', () => {
  it('the kill switch set through the API reaches the worker process: agent calls are blocked with actions_disabled, then judged normally', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    const { result: off } = await previewAndRun(c.api, 'disable-agent-actions');
    expect(off.undo.action_id).toBe('enable-agent-actions');
    const blocked = await judged(c, 'prod-agent-1', 'gmail.send');
    expect(blocked.status).toBe('blocked');
    expect(blocked.findings[0]?.code).toBe('actions_disabled');

    await previewAndRun(c.api, off.undo.action_id);
    const normal = await judged(c, 'prod-agent-2', 'gmail.send');
    expect(normal.status).toBe('approved');

    const timeline = (await apiCall(c.api, 'GET', '/api/timeline?kinds=runbook')).body.items as { details: { action: string; request_id?: string } }[];
    expect(timeline.map((i) => i.details.action)).toEqual(['enable-agent-actions', 'disable-agent-actions']);
    expect(timeline.every((i) => typeof i.details.request_id === 'string')).toBe(true);
  }, 60_000);

  it('pause-worker stops the worker process claiming, and its undo resumes it', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    const { result: paused } = await previewAndRun(c.api, 'pause-worker');
    expect((await apiCall(c.api, 'GET', '/api/queue')).body.paused).toBe(true);
    const submitted = await apiCall(c.api, 'POST', '/api/decisions', { decision_type: 'agent_tool_call', task_id: 'prod-paused', inputs: { agent_id: 'agent-9', tool: 'gmail.send' } });
    await new Promise((r) => setTimeout(r, 500));
    expect((await apiCall(c.api, 'GET', `/api/governance/decisions/${submitted.body.decision_id}`)).body.status).toBe('queued');

    expect(paused.undo.action_id).toBe('resume-worker');
    await previewAndRun(c.api, paused.undo.action_id);
    await expect
      .poll(async () => (await apiCall(c.api, 'GET', `/api/governance/decisions/${submitted.body.decision_id}`)).body.status, { timeout: 20_000 })
      .toBe('approved');
  }, 60_000);

  it('mute-notifications (kept in Redis) holds back what the alert lead would send, listed as held, and unmute sends what still fires; silence-alert mutes one rule', async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    const { result: muted } = await previewAndRun(c.api, 'mute-notifications', { minutes: 10 });
    expect((await apiCall(c.api, 'GET', '/api/attention')).body.notifications_muted).toMatchObject({ by: 'local-admin' });
    // A rule that holds at once: it fires at the lead's next evaluation.
    const rule = { id: 'prod-always', metric: 'queue_depth', type: 'threshold', operator: '>=', threshold: 0, duration: 0, severity: 'warning', message: 'always true (test)' };
    expect((await apiCall(c.api, 'POST', '/api/alerts/rules', { rule, reason: 'production mute test' })).status).toBe(200);
    await expect.poll(async () => (await apiCall(c.api, 'GET', '/api/alerts/active')).body.map((a: { rule_id: string }) => a.rule_id), { timeout: 10_000 }).toContain('prod-always');
    await expect.poll(async () => (await apiCall(c.api, 'GET', '/api/alerts/deliveries')).body.map((d: { status: string }) => d.status), { timeout: 10_000 }).toContain('held');
    await new Promise((r) => setTimeout(r, 1_500)); // the notifier flushes every second: nothing may leave meanwhile
    expect(received).toEqual([]);

    await previewAndRun(c.api, muted.undo.action_id, muted.undo.params);
    await expect.poll(() => received, { timeout: 10_000 }).toContain('prod-always:firing');

    const { result: silenced } = await previewAndRun(c.api, 'silence-alert', { alert: 'prod-always', minutes: 30 });
    expect(silenced.counts).toEqual({ silences: 1, alerts: 1 });
    expect((await apiCall(c.api, 'GET', '/api/alerts/active')).body.map((a: { rule_id: string }) => a.rule_id)).not.toContain('prod-always');
    await previewAndRun(c.api, silenced.undo.action_id, silenced.undo.params);
    expect((await apiCall(c.api, 'GET', '/api/alerts/active')).body.map((a: { rule_id: string }) => a.rule_id)).toContain('prod-always');
    await apiCall(c.api, 'POST', '/api/alerts/rules/prod-always/disable', { reason: 'production mute test done' });
  }, 60_000);

  it("the audit export streams a task's trail from Postgres as JSON lines and CSV (as many events as its trace), is audited, and export-audit writes the same to a file", async (ctx) => {
    const c = cluster;
    if (!c) return ctx.skip();
    await judged(c, 'prod-export-1', 'gmail.send');
    const trace = (await apiCall(c.api, 'GET', '/api/governance/tasks/prod-export-1/decision-trace?limit=100')).body.items as { audit_id: string }[];
    const download = (query: string) => fetch(`${c.api.url}/api/audit/export?${query}`, { headers: { authorization: `Bearer ${c.api.key}` } });

    const jsonl = await download('task_id=prod-export-1');
    expect(jsonl.headers.get('content-disposition')).toMatch(/filename="decisionos-audit-default-.*\.jsonl"/);
    const lines = (await jsonl.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.audit_id)).toEqual(trace.map((e) => e.audit_id));
    const csv = parseCsv(await (await download('task_id=prod-export-1&format=csv')).text());
    expect(csv.slice(1).map((row) => row[EXPORT_COLUMNS.indexOf('audit_id')])).toEqual(trace.map((e) => e.audit_id));

    const audited = (await (await download('event_type=AUDIT_EXPORTED')).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(audited.slice(-2).map((e) => [e.payload.format, e.payload.rows, e.payload.complete])).toEqual([['jsonl', trace.length, true], ['csv', trace.length, true]]);

    const { result: run } = await previewAndRun(c.api, 'export-audit', { task_id: 'prod-export-1' });
    expect(run.counts).toEqual({ rows: trace.length, files: 1 });
    const file = /to (\S+) \(\d+ bytes\)/.exec(run.summary)?.[1] as string;
    expect(fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).audit_id)).toEqual(trace.map((e) => e.audit_id));
  }, 60_000);
});
