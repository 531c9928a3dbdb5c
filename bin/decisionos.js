#!/usr/bin/env node
// The `decisionos` command: runs the compiled engine in dist/engine (`npm run build:engine`; npm install runs it).
import fs from 'node:fs';

const entry = new URL('../dist/engine/cli.js', import.meta.url);
if (!fs.existsSync(entry)) {
  process.stderr.write('decisionos: the engine is not built (no dist/engine/cli.js); run `npm run build:engine` first\n');
  process.exit(2);
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2));
