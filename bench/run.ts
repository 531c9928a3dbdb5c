import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BenchRow } from './lib';
import { benchTable } from '../src/main/engine/domain/bench-table';
import { benchSqliteRaw } from './sqlite-raw';
import { benchEndToEnd } from './e2e';
import { benchHttp } from './http';
import { benchReads } from './reads';
import { benchEventLoop } from './event-loop';
import { benchUi } from './ui';
import { benchStartup } from './startup';
import { benchProduction } from './production';
import { benchLoadtest } from './loadtest';

/**
 * `npm run bench [-- section...]`: runs the benchmarks (not tests) and rewrites BENCHMARKS.md with what
 * this run measured on top, keeping the earlier runs below it (a partial run leaves the other rows as last measured,
 * under their own date). Sections: startup, sqlite, e2e, http, reads, eventloop, ui, production, loadtest.
 * `production` brings the embedded e2e and http rows along, so its run shows both modes measured on the machine in
 * the same state.
 */
const SECTIONS: Record<string, () => Promise<BenchRow[]>> = {
  startup: benchStartup,
  sqlite: benchSqliteRaw,
  e2e: benchEndToEnd,
  http: benchHttp,
  reads: benchReads,
  eventloop: benchEventLoop,
  ui: benchUi,
  production: benchProduction,
  loadtest: benchLoadtest,
};

/** Sections that also run others; the table keeps the order of SECTIONS and runs each section once. */
const BRINGS: Record<string, string[]> = { production: ['e2e', 'http'] };

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const sqlite = (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}, SQLite ${sqlite}`;
}

const asked = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SECTIONS);
const unknown = asked.filter((s) => !(s in SECTIONS));
if (unknown.length) {
  console.error(`unknown section(s): ${unknown.join(', ')}; choose from ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}
const wanted = new Set(asked.flatMap((s) => [s, ...(BRINGS[s] ?? [])]));
const chosen = Object.keys(SECTIONS).filter((s) => wanted.has(s));

// Several sections run the compiled CLI (bin/decisionos.js): build it from this checkout first.
const build = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../scripts/build-engine.mjs')], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build:engine failed');

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const loadAtStart = load();
const rows: BenchRow[] = [];
for (const section of chosen) {
  const t0 = performance.now();
  console.log(`== ${section}`);
  const got = await (SECTIONS[section] as () => Promise<BenchRow[]>)();
  for (const r of got) console.log(`   ${r.name}: ${r.result} (target ${r.target})`);
  console.log(`   (${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${load()})`);
  rows.push(...got);
}

const command = `npm run bench${process.argv.slice(2).length ? ` -- ${asked.join(' ')}` : ''}`;
const date = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const table = benchTable(rows);

const file = path.resolve(import.meta.dirname, '../BENCHMARKS.md');
const header = '# Benchmarks\n\nEvery figure below was written by `npm run bench` (see `bench/`); nothing here is typed in by hand.\nNotes on misses are kept under "Analysis" and say which run they refer to.\n';
const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : header;
const analysisAt = previous.indexOf('\n## Analysis');
const analysis = analysisAt >= 0 ? previous.slice(analysisAt) : '';
const run = `\n## Run of ${date}\n\nCommand: \`${command}\`  \nMachine: ${machine()}  \nLoad average (1, 5, 15 min) at start: ${loadAtStart}; at end: ${load()}\n\n${table}\n`;
fs.writeFileSync(file, `${header}${run}${earlierRuns(analysisAt >= 0 ? previous.slice(0, analysisAt) : previous)}${analysis}`);
console.log(`\nwrote ${file}`);

/**
 * The earlier runs' sections, newest first: the last full run (no sections named) and any partial runs since it.
 * Older ones are dropped, since a full run re-measured all they held.
 */
function earlierRuns(text: string): string {
  const runs = text.split(/(?=\n## Run of )/).filter((part) => part.startsWith('\n## Run of '));
  const lastFull = runs.findIndex((r) => r.includes('Command: `npm run bench`  '));
  return runs.slice(0, lastFull === -1 ? runs.length : lastFull + 1).join('');
}
