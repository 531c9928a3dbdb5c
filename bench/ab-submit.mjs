// A/B of the API-alone submit path between two checkouts, one after the other on the same machine:
//   node bench/ab-submit.mjs /path/to/old-checkout   then   node bench/ab-submit.mjs .
// Starts that checkout's `bin/decisionos.js serve` with no worker, warms up 3 s, loads POST /api/decisions with
// 32 connections for 10 s and prints req/s and latency. PROF=1 adds --cpu-prof (profiles land in /tmp/prof).
// Sets both the current (DECISIONOS_*) and the pre-issue-9 environment names so older checkouts run the same load.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const root = path.resolve(process.argv[2] ?? '.');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-submit-'));
const prof = process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [];
const child = spawn(process.execPath, [...prof, path.join(root, 'bin/decisionos.js'), 'serve', '--data-dir', dataDir, '--port', '0'], {
  env: {
    ...process.env,
    DECISIONOS_LOG_LEVEL: 'warn',
    LOG_LEVEL: 'warn',
    DECISIONOS_RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_PER_MINUTE: '10000000',
    WORKER_CONCURRENCY: '0',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let out = '';
const url = await new Promise((resolve, reject) => {
  const onData = (d) => {
    out += d;
    const m = /serving on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', () => reject(new Error(`engine exited: ${out}`)));
});
const key = fs.readFileSync(path.join(dataDir, 'admin.key'), 'utf8').trim();
const load = {
  url: `${url}/api/decisions`,
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  body: JSON.stringify({
    decision_type: 'payment_fraud_check',
    task_id: 'ab-[<id>]',
    inputs: { amount: 42.5, currency: 'EUR', customer_id: 'c-[<id>]', card_country: 'DE', ip_country: 'DE' },
  }),
  idReplacement: true,
  connections: 32,
};
await autocannon({ ...load, duration: 3 });
const r = await autocannon({ ...load, duration: 10 });
process.stdout.write(`${root}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx\n`);
await new Promise((resolve) => {
  child.on('exit', resolve);
  child.kill('SIGTERM');
});
fs.rmSync(dataDir, { recursive: true, force: true });
