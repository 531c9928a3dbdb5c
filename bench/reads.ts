import Database from 'better-sqlite3';
import { type BenchRow, benchEngine, drain, fmt, int, payment, submitMany, timeRuns } from './lib';

async function get(url: string, key: string): Promise<unknown> {
  const r = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

/** Trace paging on a 10,000-event task, and the stats, timeline and entity endpoints over 1,000,000 audit rows, over HTTP. */
export async function benchReads(): Promise<BenchRow[]> {
  const engine = await benchEngine({}, true);
  const key = (await import('node:fs')).readFileSync(`${engine.config.dataDir}/admin.key`, 'utf8').trim();
  const url = engine.url as string;

  // 2,000 decisions on one task = 10,000 audit events (five per decision).
  await submitMany(engine, 2_000, 32, (i) => payment(i, 'bench-long-task'));
  // The rest of the million: 198,000 decisions on other tasks, through the real pipeline.
  await submitMany(engine, 198_000, 64, (i) => payment(i + 2_000));
  await drain(engine);
  const counter = new Database(`${engine.config.dataDir}/decisionos.sqlite`, { readonly: true });
  const auditRows = (counter.prepare('SELECT COUNT(*) AS n FROM task_audits').get() as { n: number }).n;
  counter.close();

  const total = ((await get(`${url}/api/governance/tasks/bench-long-task/decision-trace?limit=1`, key)) as { total: number }).total;
  const cursors: (string | null)[] = [null];
  for (;;) {
    const page = (await get(`${url}/api/governance/tasks/bench-long-task/decision-trace?limit=50${cursors.at(-1) ? `&cursor=${cursors.at(-1)}` : ''}`, key)) as { next_cursor: string | null };
    if (!page.next_cursor) break;
    cursors.push(page.next_cursor);
  }
  const trace = await timeRuns(600, (i) => {
    const cursor = cursors[(i * 7) % cursors.length];
    return get(`${url}/api/governance/tasks/bench-long-task/decision-trace?limit=50${cursor ? `&cursor=${cursor}` : ''}`, key);
  });

  const rows: BenchRow[] = [
    {
      name: `Trace page (limit 50) on a ${int(total)}-event task, HTTP`,
      result: `p50 ${fmt(trace.p50, 2)} ms, p95 ${fmt(trace.p95, 2)} ms over 600 pages`,
      target: 'p95 < 5 ms',
      met: (trace.p95 ?? Infinity) < 5,
      note: 'pages at random cursors; client in the same process',
    },
  ];
  for (const [name, path] of [
    ['blocked-reasons', '/api/governance/stats/blocked-reasons?window=24h&top_n=10'],
    ['decision-lag', '/api/governance/stats/decision-lag?window=24h'],
    ['decision-types', '/api/governance/stats/decision-types?window=24h'],
  ] as const) {
    const s = await timeRuns(30, () => get(`${url}${path}`, key), 3);
    rows.push({
      name: `Stats ${name}, 24 h window over ${int(auditRows)} audit rows, HTTP`,
      result: `p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms`,
      target: '< 50 ms',
      met: (s.p95 ?? Infinity) < 50,
    });
  }
  // The incident timeline over the same store (one in twenty decisions is blocked: ~10,000 blocked events in it).
  const timeline = await timeRuns(30, () => get(`${url}/api/timeline?limit=200`, key), 3);
  rows.push({
    name: `Timeline, newest 200 events of 24 h over ${int(auditRows)} audit rows, HTTP`,
    result: `p50 ${fmt(timeline.p50)} ms, p95 ${fmt(timeline.p95)} ms`,
    target: '< 50 ms (as the stats endpoints)',
    met: (timeline.p95 ?? Infinity) < 50,
  });
  // The entity view over the same store: bench payments name customers c-0 .. c-19999, ten decisions each. Each run
  // reads another customer's counts, tasks, top findings, span and newest 50 decisions.
  const entity = await timeRuns(300, (i) => get(`${url}/api/entities/c-${(i * 7_919) % 20_000}?limit=50`, key));
  rows.push({
    name: `Entity view (counts, top findings, newest 50) of one of 20,000 customers over ${int(auditRows)} audit rows, HTTP`,
    result: `p50 ${fmt(entity.p50, 2)} ms, p95 ${fmt(entity.p95, 2)} ms over 300 customers`,
    target: 'p95 < 10 ms',
    met: (entity.p95 ?? Infinity) < 10,
    note: 'reads one key range of decision_entities, then each decision by its key',
  });
  await engine.stop();
  return rows;
}
