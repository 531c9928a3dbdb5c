import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configFromEnv } from '../config';
import { startEngine } from '../engine';
import { demoWorkload } from '../demo/workload';
import { portOption, type ParsedArgs } from './args';
import { localBrowserPrincipal, waitForStopSignal } from './serve-command';

/**
 * `decisionos demo`: an engine on a fresh temporary data dir, fed the labelled demo workload through its
 * real HTTP API (so the API, the queue and the worker all run), then left serving for the UI.
 */
export async function demoCommand(args: ParsedArgs): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decisionos-demo-'));
  // The demo posts ~600 decisions at once: lift the per-workspace budget for this throwaway engine only.
  const config = configFromEnv(process.env, { dataDir, port: portOption(args.values.port) ?? 0, rateLimitPerMinute: 100_000 });
  const engine = await startEngine(config);
  const key = fs.readFileSync(path.join(dataDir, 'admin.key'), 'utf8').trim();
  const workload = demoWorkload();
  process.stdout.write(`Demo engine on ${engine.url} (data dir ${dataDir}); submitting ${workload.length} demo decisions...\n`);

  const statuses: Record<number, number> = {};
  for (const body of workload) {
    const response = await fetch(`${engine.url}/api/decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    await response.arrayBuffer();
  }
  await waitUntilJudged(engine.url as string, key);
  const types = await (await fetch(`${engine.url}/api/governance/stats/decision-types?window=1h`, { headers: { authorization: `Bearer ${key}` } })).json();
  process.stdout.write(`Submitted: ${JSON.stringify(statuses)}\nJudged: ${JSON.stringify(types)}\n`);
  process.stdout.write(`Admin key: ${path.join(dataDir, 'admin.key')}\n`);
  process.stdout.write(`Open the workstation: ${engine.url}/#login=${engine.sessions.createLoginToken(localBrowserPrincipal())}\n`);

  if (!args.values.exit) {
    process.stdout.write(`Serving on ${engine.url} until Ctrl+C.\n`);
    await waitForStopSignal();
  }
  await engine.stop();
  return 0;
}

async function waitUntilJudged(url: string, key: string): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    const queue = (await (await fetch(`${url}/api/queue`, { headers: { authorization: `Bearer ${key}` } })).json()) as { depth: number };
    if (queue.depth === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
