#!/usr/bin/env node
// The `decisionos` command. TypeScript sources run through tsx's loader: no build step for the headless engine.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/main/engine/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
