import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BenchRow } from './lib';
import { serveEngine } from './http';
import { loadtestRows, type LoadtestReport } from '../src/main/engine/domain/loadtest-report';

const BIN = path.resolve(import.meta.dirname, '../bin/decisionos.js');
const RATE = 500;
const DURATION = '20s';

/** Runs the compiled `decisionos loadtest` as an operator would, and returns its JSON report. */
function runLoadtest(url: string, key: string): Promise<LoadtestReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'loadtest', '--url', url, '--key', key, '--rate', String(RATE), '--duration', DURATION, '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`decisionos loadtest exited ${code}: ${out}`));
      else resolve(JSON.parse(out) as LoadtestReport);
    });
  });
}

/**
 * `decisionos loadtest` against a local `decisionos serve` (each its own process): the labelled demo workload at a
 * fixed open-loop rate. The engine's rate limit is raised as in the HTTP rows; the report's rows go in unchanged.
 */
export async function benchLoadtest(): Promise<BenchRow[]> {
  const engine = await serveEngine();
  try {
    const report = await runLoadtest(engine.url, engine.key);
    return loadtestRows(report).map((r) => ({ ...r, name: `\`decisionos loadtest --rate ${RATE} --duration ${DURATION}\` against a local serve: ${r.name.replace(/^loadtest /, '')}` }));
  } finally {
    await engine.stop();
  }
}
