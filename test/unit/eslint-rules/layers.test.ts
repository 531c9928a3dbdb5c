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
  { name: 'engine files may import the engine and src/shared', file: 'src/main/engine/engine.ts', code: "import { a } from './services/submit.js'; import { b } from '../../shared/contract';" },
  { name: 'the Electron shell may import the engine', file: 'src/main/index.ts', code: "import { start } from './engine/engine.js'; import { app } from 'electron';" },
  { name: 'domain files may import ports and node:crypto', file: 'src/main/engine/domain/policy.ts', code: "import type { Clock } from '../ports/clock.js'; import { createHash } from 'node:crypto';" },
  { name: 'domain files may import other domain files with or without extensions', file: 'src/main/engine/domain/policy.ts', code: "import { x } from './signals'; import { y } from './breaker.ts';" },
  { name: 'services may import ports and domain', file: 'src/main/engine/services/submit.ts', code: "import type { AuditStore } from '../ports/audit-store.js'; import { decide } from '../domain/policy.js';" },
  { name: 'engine.ts (composition root) may import adapters', file: 'src/main/engine/engine.ts', code: "import { openSqlite } from './adapters/sqlite/store.js';" },
  { name: 'http may import the engine services', file: 'src/main/engine/http/server.ts', code: "import fastify from 'fastify'; import { submit } from '../services/submit.js';" },
  { name: 'the renderer may import src/shared by path and alias, and npm packages', file: 'src/renderer/screens/Queue.tsx', code: "import { contract } from '../../shared/contract.js'; import type { Decision } from '@shared/schemas/decision'; import { create } from 'zustand'; import { Row } from '../components/Row';" },
  { name: 'preload may import electron and src/shared', file: 'src/preload/index.ts', code: "import { contextBridge, ipcRenderer } from 'electron'; import type { Contract } from '../shared/contract.js';" },
  { name: 'src/shared may import zod and src/shared', file: 'src/shared/contract.ts', code: "import { z } from 'zod'; import * as m from 'zod/mini'; export * from './errors.js'; export { Scope } from '@shared/scopes';" },
  { name: 'the renderer may import itself', file: 'src/renderer/api/index.ts', code: "export { http } from './http.js'; const m = await import('../stores/queue.js');" },
  { name: 'files outside the project root are not checked', file: path.join(elsewhere, 'src/main/engine/engine.ts'), code: "import { app } from 'electron';" },
  { name: 'computed dynamic imports are not checked', file: 'src/shared/x.ts', code: 'const name = "fs"; await import(name);' },
];

const invalid: InvalidCase[] = [
  { name: 'engine files may not import electron', file: 'src/main/engine/engine.ts', code: "import { app } from 'electron';", message: 'the engine never imports electron' },
  { name: 'the root option places src/ when eslint runs from another folder', file: path.join(elsewhere, 'src/main/engine/engine.ts'), code: "import { app } from 'electron';", options: [{ root: elsewhere }], message: 'the engine never imports electron' },
  { name: 'engine files may not import electron subpaths', file: 'src/main/engine/services/notify.ts', code: "import { Notification } from 'electron/main';", message: 'the engine never imports electron' },
  { name: 'engine files may not import the Electron shell', file: 'src/main/engine/engine.ts', code: "import { win } from '../window.js';", message: 'the engine never imports the Electron shell' },
  { name: 'engine files may not import the Electron shell through @main', file: 'src/main/engine/http/server.ts', code: "import { menu } from '@main/menu';", message: 'the engine never imports the Electron shell' },
  { name: 'domain files may not import adapters', file: 'src/main/engine/domain/policy.ts', code: "import { store } from '../adapters/sqlite/store.js';", message: 'domain/ is pure: no adapters/, no http/' },
  { name: 'domain files may not import http', file: 'src/main/engine/domain/replay.ts', code: "export { routes } from '../http/routes';", message: 'domain/ is pure: no adapters/, no http/' },
  { name: 'domain files may not import fs', file: 'src/main/engine/domain/policy.ts', code: "import { readFileSync } from 'node:fs';", message: 'domain/ is pure: no I/O modules' },
  { name: 'domain files may not require child_process', file: 'src/main/engine/domain/stats.ts', code: "const cp = require('child_process');", message: 'domain/ is pure: no I/O modules' },
  { name: 'domain files may not dynamically import fs/promises', file: 'src/main/engine/domain/stats.ts', code: "const fs = await import('node:fs/promises');", message: 'domain/ is pure: no I/O modules' },
  { name: 'services may not import adapters', file: 'src/main/engine/services/submit.ts', code: "import { SqliteStore } from '../adapters/sqlite/store.js';", message: 'services/ use ports, not adapters/' },
  { name: 'the renderer may not import electron', file: 'src/renderer/api/ipc.ts', code: "import { ipcRenderer } from 'electron';", message: 'the renderer never imports electron' },
  { name: 'the renderer may not import Node built-ins', file: 'src/renderer/stores/queue.ts', code: "import path from 'path';", message: 'the renderer never imports Node built-ins' },
  { name: 'the renderer may not import node: built-ins', file: 'src/renderer/stores/queue.ts', code: "import { EventEmitter } from 'node:events';", message: 'the renderer never imports Node built-ins' },
  { name: 'the renderer may not import the engine', file: 'src/renderer/screens/Queue.tsx', code: "import type { Engine } from '../../main/engine/engine.js';", message: 'the renderer imports only src/shared' },
  { name: 'the renderer may not import preload', file: 'src/renderer/api/ipc.ts', code: "import type { Api } from '@preload/index';", message: 'the renderer imports only src/shared' },
  { name: 'preload may not import npm packages', file: 'src/preload/index.ts', code: "import { z } from 'zod';", message: 'preload imports only electron and src/shared' },
  { name: 'preload may not import the engine', file: 'src/preload/index.ts', code: "import { submit } from '../main/engine/services/submit.js';", message: 'preload imports only electron and src/shared' },
  { name: 'src/shared may not import other packages', file: 'src/shared/contract.ts', code: "import pino from 'pino';", message: 'src/shared imports nothing but zod and src/shared' },
  { name: 'src/shared may not import Node built-ins', file: 'src/shared/errors.ts', code: "import { inspect } from 'node:util';", message: 'src/shared imports nothing but zod and src/shared' },
  { name: 'src/shared may not import the engine', file: 'src/shared/contract.ts', code: "export type { Engine } from '../main/engine/engine.js';", message: 'src/shared imports nothing but zod and src/shared' },
  { name: 'nothing imports the renderer: the Electron shell', file: 'src/main/index.ts', code: "import { App } from '../renderer/App.js';", message: 'nothing imports the renderer' },
  { name: 'nothing imports the renderer: the engine through @renderer', file: 'src/main/engine/http/server.ts', code: "import { routes } from '@renderer/routes';", message: 'nothing imports the renderer' },
  { name: 'nothing imports the renderer: src/shared', file: 'src/shared/window.ts', code: "export * from '../renderer/api/index.js';", message: 'nothing imports the renderer' },
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
  it('reports an engine file importing electron and passes a clean one', async () => {
    const { ESLint } = await import('eslint');
    const eslint = new ESLint({ cwd: process.cwd() });
    const [bad] = await eslint.lintText("import { app } from 'electron';\nexport const x = app;\n", { filePath: at('src/main/engine/services/x.ts') });
    const [good] = await eslint.lintText("import { AppError } from '../../../shared/errors';\nexport const x = AppError;\n", { filePath: at('src/main/engine/services/x.ts') });
    const layerMessages = (bad?.messages ?? []).filter((m) => m.ruleId === 'local/layers').map((m) => m.message);
    expect(layerMessages).toEqual(['the engine never imports electron']);
    expect(good?.messages.filter((m) => m.ruleId === 'local/layers')).toEqual([]);
  });
});
