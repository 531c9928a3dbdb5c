import path from 'node:path';
import { RuleTester } from 'eslint';
import type { Rule } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// eslint-rules/layers.js is plain JS and the tsconfigs have no allowJs: a string-literal import would be TS7016
// (no declaration file), so it is imported by URL and typed here.
const rulePath = new URL('../../../eslint-rules/layers.js', import.meta.url).href;
const { rule } = (await import(rulePath)) as { rule: Rule.RuleModule };

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// The rule computes repo-relative paths from context.cwd, which RuleTester's Linter takes from process.cwd()
// (vitest runs from the project root), so fixtures use absolute filenames under it.
const at = (file: string): string => path.resolve(process.cwd(), file);
// A project root that is not the working directory, for the `root` option.
const elsewhere = path.join(path.parse(process.cwd()).root, 'elsewhere', 'project');

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
});

type Case = { name: string; file: string; code: string; options?: [{ root: string }] };
type InvalidCase = Case & { message: string };

const valid: Case[] = [
  // Each layer reaching what its allowlist names.
  { name: 'src/shared may import zod and src/shared', file: 'src/shared/contract.ts', code: "import { z } from 'zod'; import * as m from 'zod/mini'; export * from './errors.js'; export { Scope } from '@shared/scopes';" },
  { name: 'domain may import shared, domain, the CEL evaluator, re2js and node:crypto', file: 'src/main/engine/domain/policy/evaluate.ts', code: "import { x } from '../signals'; import { y } from './budget.ts'; import type { D } from '../../../../shared/schemas/decision'; import { Environment } from '@marcbachmann/cel-js'; import { RE2JS } from 're2js'; import { createHash } from 'node:crypto';" },
  { name: 'ports may import shared, domain (types) and ports', file: 'src/main/engine/ports/audit-store.ts', code: "import type { Cursor } from '../domain/cursor.js'; import type { Rec } from './records'; import type { E } from '../../../shared/errors';" },
  { name: 'services may import shared, domain, ports, services, zod and node:crypto', file: 'src/main/engine/services/submit.ts', code: "import type { AuditStore } from '../ports/audit-store.js'; import { decide } from '../domain/policy.js'; import { newId } from './ids'; import { contract } from '../../../shared/contract'; import type { z } from 'zod'; import { createHash } from 'crypto';" },
  { name: 'adapters may import shared, domain, ports, adapters, their I/O libraries and node built-ins', file: 'src/main/engine/adapters/sqlite/store.ts', code: "import Database from 'better-sqlite3'; import { Registry } from 'prom-client'; import { RateLimiterSQLite } from 'rate-limiter-flexible'; import pino from 'pino'; import fs from 'node:fs'; import { rows } from './rows'; import type { AuditStore } from '../../ports/audit-store'; import { next } from '../../domain/decision-lifecycle'; import { AppError } from '../../../../shared/errors';" },
  { name: 'http may import the engine, fastify and its plugins', file: 'src/main/engine/http/server.ts', code: "import fastify from 'fastify'; import fastifyStatic from '@fastify/static'; import { submit } from '../services/submit.js'; import type { EngineMetrics } from '../adapters/metrics';" },
  { name: 'runtime may import services, adapters and worker_threads', file: 'src/main/engine/runtime/writer-thread.ts', code: "import { parentPort } from 'node:worker_threads'; import { composeWorker } from './compose-worker'; import { openDatabase } from '../adapters/sqlite/database'; import { Worker } from '../services/worker';" },
  { name: 'cli may import the engine, commander, env-paths and node built-ins', file: 'src/main/engine/cli/main.ts', code: "import { Command } from 'commander'; import envPaths from 'env-paths'; import { createEngine } from '../engine'; import { configFromEnv } from '../config.js'; import { spawn } from 'node:child_process';" },
  { name: 'settings may import zod, env-paths, node built-ins and shared', file: 'src/main/engine/settings/schema.ts', code: "import { z } from 'zod'; import envPaths from 'env-paths'; import os from 'node:os'; import { Scope } from '../../../shared/scopes';" },
  { name: 'engine.ts (composition root) may import adapters, runtime, http and settings', file: 'src/main/engine/engine.ts', code: "import { openSqlite } from './adapters/sqlite/store.js'; import { DisposeStack } from './runtime/dispose-stack'; import { createHttpServer } from './http/server'; import { load } from './settings/load'; import type { FastifyInstance } from 'fastify';" },
  { name: 'the Electron shell may import the engine entry, its config and settings, electron and node built-ins', file: 'src/main/index.ts', code: "import { startEngine } from './engine/engine.js'; import { configFromEnv } from './engine/config'; import { dataDir } from './engine/settings/paths'; import { app } from 'electron'; import path from 'node:path'; import { createWindow } from './window';" },
  { name: 'preload may import electron and src/shared', file: 'src/preload/index.ts', code: "import { contextBridge, ipcRenderer } from 'electron'; import type { Contract } from '../shared/contract.js';" },
  { name: 'the renderer may import src/shared, itself and its browser libraries', file: 'src/renderer/src/screens/queue.tsx', code: "import { contract } from '../../../shared/contract.js'; import type { Decision } from '@shared/schemas/decision'; import { create } from 'zustand'; import { useQuery } from '@tanstack/react-query'; import { createParser } from 'eventsource-parser'; import uPlot from 'uplot'; import { Bell } from 'lucide-react'; import 'uplot/dist/uPlot.min.css'; import { createRoot } from 'react-dom/client'; import { Row } from '../components/row'; const m = await import('../stores/queue.js');" },
  { name: 'files outside the project root are not checked', file: path.join(elsewhere, 'src/main/engine/engine.ts'), code: "import { app } from 'electron';" },
  { name: 'files outside src/ are not checked', file: 'bench/run.ts', code: "import { app } from 'electron';" },
  { name: 'computed dynamic imports are not checked', file: 'src/shared/x.ts', code: 'const name = "fs"; await import(name);' },
];

const invalid: InvalidCase[] = [
  // The edges issue 9 found passing lint.
  { name: 'domain may not import better-sqlite3', file: 'src/main/engine/domain/policy.ts', code: "import Database from 'better-sqlite3';", message: 'engine/domain may not import the package better-sqlite3 (it may import @marcbachmann/cel-js, re2js, node:crypto)' },
  { name: 'domain may not import fastify', file: 'src/main/engine/domain/stats.ts', code: "import type { FastifyInstance } from 'fastify';", message: 'engine/domain may not import the package fastify (it may import @marcbachmann/cel-js, re2js, node:crypto)' },
  { name: 'domain may not import services', file: 'src/main/engine/domain/policy.ts', code: "import { newId } from '../services/ids.js';", message: 'engine/domain may not import engine/services (src/main/engine/services/ids.js) (it may import the layers shared, engine/domain)' },
  { name: 'domain may not import runtime', file: 'src/main/engine/domain/policy.ts', code: "import { DisposeStack } from '../runtime/dispose-stack';", message: 'engine/domain may not import engine/runtime (src/main/engine/runtime/dispose-stack) (it may import the layers shared, engine/domain)' },
  { name: 'services may not import better-sqlite3', file: 'src/main/engine/services/submit.ts', code: "import Database from 'better-sqlite3';", message: 'engine/services may not import the package better-sqlite3 (it may import zod, node:crypto)' },
  { name: 'services may not import node:http', file: 'src/main/engine/services/alert-notifier.ts', code: "import http from 'node:http';", message: 'engine/services may not import the package node:http (it may import zod, node:crypto)' },
  { name: 'services may not import the HTTP server', file: 'src/main/engine/services/operations.ts', code: "import { createHttpServer } from '../http/server';", message: 'engine/services may not import engine/http (src/main/engine/http/server) (it may import the layers shared, engine/domain, engine/ports, engine/services)' },
  { name: 'services may not import engine.ts', file: 'src/main/engine/services/operations.ts', code: "import { ENGINE_VERSION } from '../engine.js';", message: 'engine/services may not import engine/engine.ts (src/main/engine/engine.js) (it may import the layers shared, engine/domain, engine/ports, engine/services)' },
  { name: 'ports may not import adapters', file: 'src/main/engine/ports/audit-store.ts', code: "import type { SqliteStore } from '../adapters/sqlite/sqlite-store';", message: 'engine/ports may not import engine/adapters (src/main/engine/adapters/sqlite/sqlite-store) (it may import the layers shared, engine/domain, engine/ports)' },
  { name: 'adapters may not import services', file: 'src/main/engine/adapters/sqlite/sqlite-store.ts', code: "import { newId } from '../../services/ids';", message: 'engine/adapters may not import engine/services (src/main/engine/services/ids) (it may import the layers shared, engine/domain, engine/ports, engine/adapters)' },
  // More of what the allowlists leave out.
  { name: 'services may not import prom-client (the registry is an adapter)', file: 'src/main/engine/services/metrics.ts', code: "import { Registry } from 'prom-client';", message: 'engine/services may not import the package prom-client (it may import zod, node:crypto)' },
  { name: 'services may not import adapters', file: 'src/main/engine/services/submit.ts', code: "import { SqliteStore } from '../adapters/sqlite/store.js';", message: 'engine/services may not import engine/adapters (src/main/engine/adapters/sqlite/store.js) (it may import the layers shared, engine/domain, engine/ports, engine/services)' },
  { name: 'domain may not import ports', file: 'src/main/engine/domain/policy.ts', code: "import type { Clock } from '../ports/clock.js';", message: 'engine/domain may not import engine/ports (src/main/engine/ports/clock.js) (it may import the layers shared, engine/domain)' },
  { name: 'domain may not import adapters', file: 'src/main/engine/domain/policy.ts', code: "import { store } from '../adapters/sqlite/store.js';", message: 'engine/domain may not import engine/adapters (src/main/engine/adapters/sqlite/store.js) (it may import the layers shared, engine/domain)' },
  { name: 'domain may not require child_process', file: 'src/main/engine/domain/stats.ts', code: "const cp = require('child_process');", message: 'engine/domain may not import the package node:child_process (it may import @marcbachmann/cel-js, re2js, node:crypto)' },
  { name: 'domain may not dynamically import fs/promises', file: 'src/main/engine/domain/stats.ts', code: "const fs = await import('node:fs/promises');", message: 'engine/domain may not import the package node:fs (it may import @marcbachmann/cel-js, re2js, node:crypto)' },
  { name: 'adapters may not import the HTTP server', file: 'src/main/engine/adapters/webhook-client.ts', code: "export { createHttpServer } from '../http/server';", message: 'engine/adapters may not import engine/http (src/main/engine/http/server) (it may import the layers shared, engine/domain, engine/ports, engine/adapters)' },
  { name: 'adapters may not import fastify', file: 'src/main/engine/adapters/logger.ts', code: "import Fastify from 'fastify';", message: 'engine/adapters may not import the package fastify (it may import better-sqlite3, pg, ioredis, bullmq, pino, pino-pretty, prom-client, rate-limiter-flexible, node:*, @opentelemetry/api, @opentelemetry/sdk-trace-base, @opentelemetry/resources, @opentelemetry/exporter-trace-otlp-http)' },
  { name: 'engine files may not import electron', file: 'src/main/engine/engine.ts', code: "import { app } from 'electron';", message: 'engine/engine.ts may not import the package electron (it may import fastify, pino, zod, env-paths, node:*)' },
  { name: 'the root option places src/ when eslint runs from another folder', file: path.join(elsewhere, 'src/main/engine/engine.ts'), code: "import { app } from 'electron';", options: [{ root: elsewhere }], message: 'engine/engine.ts may not import the package electron (it may import fastify, pino, zod, env-paths, node:*)' },
  { name: 'engine files may not import electron subpaths', file: 'src/main/engine/http/server.ts', code: "import { Notification } from 'electron/main';", message: 'engine/http may not import the package electron (it may import fastify, @fastify/static, pino, zod, node:*)' },
  { name: 'engine files may not import the Electron shell', file: 'src/main/engine/engine.ts', code: "import { win } from '../window.js';", message: 'engine/engine.ts may not import main (src/main/window.js) (it may import the layers shared, engine/domain, engine/ports, engine/adapters, engine/services, engine/http, engine/runtime, engine/cli, engine/settings, engine/demo, engine/engine.ts, engine/config.ts)' },
  { name: 'the Electron shell may not reach past the engine entry', file: 'src/main/ipc.ts', code: "import type { Dispatch } from './engine/services/dispatcher';", message: 'main may not import engine/services (src/main/engine/services/dispatcher) (it may import the layers shared, main, engine/engine.ts, engine/config.ts, engine/settings)' },
  { name: 'the renderer may not import electron', file: 'src/renderer/src/api/ipc.ts', code: "import { ipcRenderer } from 'electron';", message: 'renderer may not import the package electron (it may import react, react-dom, zustand, @tanstack/react-query, @tanstack/react-virtual, uplot, eventsource-parser, lucide-react)' },
  { name: 'the renderer may not import Node built-ins', file: 'src/renderer/src/stores/queue.ts', code: "import path from 'path';", message: 'renderer may not import the package node:path (it may import react, react-dom, zustand, @tanstack/react-query, @tanstack/react-virtual, uplot, eventsource-parser, lucide-react)' },
  { name: 'the renderer may not import the engine', file: 'src/renderer/src/screens/queue.tsx', code: "import type { Engine } from '../../../main/engine/engine.js';", message: 'renderer may not import engine/engine.ts (src/main/engine/engine.js) (it may import the layers shared, renderer)' },
  { name: 'the renderer may not import preload', file: 'src/renderer/src/api/ipc.ts', code: "import type { Api } from '@preload/index';", message: 'renderer may not import preload (src/preload/index) (it may import the layers shared, renderer)' },
  { name: 'preload may not import npm packages', file: 'src/preload/index.ts', code: "import { z } from 'zod';", message: 'preload may not import the package zod (it may import electron)' },
  { name: 'preload may not import the engine', file: 'src/preload/index.ts', code: "import { submit } from '../main/engine/services/submit.js';", message: 'preload may not import engine/services (src/main/engine/services/submit.js) (it may import the layers shared, preload)' },
  { name: 'src/shared may not import other packages', file: 'src/shared/contract.ts', code: "import pino from 'pino';", message: 'shared may not import the package pino (it may import zod)' },
  { name: 'src/shared may not import Node built-ins', file: 'src/shared/errors.ts', code: "import { inspect } from 'node:util';", message: 'shared may not import the package node:util (it may import zod)' },
  { name: 'src/shared may not import the engine', file: 'src/shared/contract.ts', code: "export type { Engine } from '../main/engine/engine.js';", message: 'shared may not import engine/engine.ts (src/main/engine/engine.js) (it may import the layers shared)' },
  { name: 'nothing imports the renderer: the Electron shell', file: 'src/main/index.ts', code: "import { App } from '../renderer/src/app.js';", message: 'main may not import renderer (src/renderer/src/app.js) (it may import the layers shared, main, engine/engine.ts, engine/config.ts, engine/settings)' },
  { name: 'nothing imports the renderer: the engine through @renderer', file: 'src/main/engine/http/server.ts', code: "import { routes } from '@renderer/routes';", message: 'engine/http may not import renderer (src/renderer/routes) (it may import the layers shared, engine/domain, engine/ports, engine/adapters, engine/services, engine/http, engine/runtime, engine/cli, engine/settings, engine/demo, engine/engine.ts, engine/config.ts)' },
  { name: 'imports of files outside src/ are refused', file: 'src/main/engine/services/submit.ts', code: "import { fixture } from '../../../../test/fixtures/decisions';", message: 'engine/services may not import test/fixtures/decisions (it may import the layers shared, engine/domain, engine/ports, engine/services)' },
  { name: 'a file in an unlisted engine folder is in no layer', file: 'src/main/engine/helpers/x.ts', code: 'export const x = 1;', message: 'src/main/engine/helpers/x.ts is in no layer: add its folder to eslint-rules/layers.js (and ARCHITECTURE.md)' },
  { name: 'a file at the top of src/ is in no layer', file: 'src/x.ts', code: 'export const x = 1;', message: 'src/x.ts is in no layer: add its folder to eslint-rules/layers.js (and ARCHITECTURE.md)' },
];

tester.run('local/layers', rule, {
  valid: valid.map(({ name, file, code, options = [] }) => ({ name, code, options, filename: at(file) })),
  invalid: invalid.map(({ name, file, code, options = [], message }) => ({
    name,
    code,
    options,
    filename: at(file),
    errors: [{ message }],
  })),
});

// The project's own eslint.config.js, run the way `npm run lint` runs it: a violation must fail lint.
describe('the layer rule in the project lint config', () => {
  it('reports a domain file importing better-sqlite3 and passes a clean service', async () => {
    const { ESLint } = await import('eslint');
    const eslint = new ESLint({ cwd: process.cwd() });
    const [bad] = await eslint.lintText("import Database from 'better-sqlite3';\nexport const x = Database;\n", { filePath: at('src/main/engine/domain/x.ts') });
    const [good] = await eslint.lintText("import { AppError } from '../../../shared/errors';\nexport const x = AppError;\n", { filePath: at('src/main/engine/services/x.ts') });
    const layerMessages = (bad?.messages ?? []).filter((m) => m.ruleId === 'local/layers').map((m) => m.message);
    expect(layerMessages).toEqual(['engine/domain may not import the package better-sqlite3 (it may import @marcbachmann/cel-js, re2js, node:crypto)']);
    expect(good?.messages.filter((m) => m.ruleId === 'local/layers')).toEqual([]);
  });
});
