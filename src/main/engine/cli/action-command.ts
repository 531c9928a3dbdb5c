import readline from 'node:readline/promises';
import type { ActionInfo, ActionPreview, ActionRunResult } from '../../../shared/schemas/runbook';
import { AppError } from '../../../shared/errors';
import { runWithProgress } from '../../../shared/run-with-progress';
import { UsageError } from './args';
import { connectToEngine, type EngineConnection } from './engine-connection';

/*
 * `decisionos action list` and `decisionos action run ID`: the runbook actions from a terminal. A run previews
 * first and shows what it will touch, asks (a destructive one: the count typed; otherwise y/N; no terminal: --yes
 * is required), then runs with the preview's pinned params and prints the result, the audit event and the undo.
 */

export interface ActionConnectOptions {
  url?: string;
  key?: string;
  json?: boolean;
  dataDir?: string;
}

export interface ActionRunOptions extends ActionConnectOptions {
  param?: string[];
  reason: string;
  yes?: boolean;
}

/** `k=v` pairs split at the first `=`; a pair without a key or an `=` is a usage error. */
export function paramPairs(pairs: string[]): [key: string, raw: string][] {
  return pairs.map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--param takes key=value, not '${pair}'`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
}

/**
 * The pairs' values: JSON when it parses as JSON (3, true, ["a","b"]), else the string itself. A param the action's
 * JSON Schema types as a string is always the text typed, so an all-digit id stays an id.
 */
export function typedParams(pairs: [key: string, raw: string][], paramsSchema: Record<string, unknown>): Record<string, unknown> {
  const properties = (paramsSchema.properties ?? {}) as Record<string, { type?: unknown }>;
  const params: Record<string, unknown> = {};
  for (const [key, raw] of pairs) {
    let value: unknown = raw;
    if (properties[key]?.type !== 'string') {
      try {
        value = JSON.parse(raw);
      } catch {
        // not JSON: the string as typed
      }
    }
    params[key] = value;
  }
  return params;
}

export function formatActionList(items: ActionInfo[]): string {
  const rows = [['ID', 'SCOPE', 'TITLE'], ...items.map((a) => [a.id, a.scope, a.title])];
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return `${rows.map((r) => `${(r[0] ?? '').padEnd(widths[0] ?? 0)}  ${(r[1] ?? '').padEnd(widths[1] ?? 0)}  ${r[2]}`).join('\n')}\n`;
}

export function formatPreview(p: ActionPreview): string {
  const counts = Object.entries(p.touches.counts).map(([what, n]) => `${n} ${what}`).join(', ') || 'nothing';
  const shown = p.touches.ids.slice(0, 20);
  const more = p.touches.total > shown.length ? ` (and ${p.touches.total - shown.length} more)` : '';
  const ids = shown.length ? `\n  ids: ${shown.join(', ')}${more}` : '';
  return `${p.action_id}: ${p.summary}\n  touches: ${counts}${ids}\n${p.destructive ? '  this cannot be undone\n' : ''}`;
}

/** `[##########----------] 5/10`, from the run's progress. */
export function progressBar(done: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : width;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`;
}

export function formatResult(r: ActionRunResult): string {
  const counts = Object.entries(r.counts).map(([what, n]) => `${n} ${what}`).join(', ') || 'nothing';
  const undo = r.undo
    ? `undo: decisionos action run ${r.undo.action_id}${Object.entries(r.undo.params).map(([k, v]) => ` --param ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join('')} --reason '...'\n`
    : 'no undo\n';
  const secret = r.secret !== undefined ? `  new secret (shown only now, store it): ${r.secret}\n` : '';
  return `${progressBar(r.progress.done, r.progress.total)}\n${r.summary}\n${secret}  changed: ${counts} in ${r.duration_ms} ms\n  audit event: ${r.audit_id}\n${undo}`;
}

const connect = (o: ActionConnectOptions, keyNeeds: string) => connectToEngine({ url: o.url, key: o.key, dataDir: o.dataDir, keyNeeds });

export async function actionList(o: ActionConnectOptions): Promise<number> {
  const engine = connect(o, 'the read scope');
  try {
    const list = await engine.call('listActions', {});
    process.stdout.write(o.json ? `${JSON.stringify(list, null, 2)}\n` : formatActionList(list.items));
    return 0;
  } finally {
    await engine.close();
  }
}

async function ask(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/** The person at the terminal, if there is one. */
export interface Terminal {
  isTTY: boolean;
  ask(question: string): Promise<string>;
}

const processTerminal: Terminal = { isTTY: Boolean(process.stdin.isTTY), ask };

/** Whether to go on: --yes, else the person at the terminal (the count typed for a destructive action). */
export async function confirmed(preview: ActionPreview, yes: boolean | undefined, terminal: Terminal = processTerminal): Promise<boolean> {
  if (yes) return true;
  if (!terminal.isTTY) {
    throw new UsageError(`not a terminal, so nothing can confirm ${preview.action_id}: pass --yes to run it (nothing was changed)`);
  }
  if (preview.destructive) return (await terminal.ask(`Type ${preview.confirm} to run ${preview.action_id}: `)) === preview.confirm;
  return /^y(es)?$/i.test(await terminal.ask(`Run ${preview.action_id}? [y/N] `));
}

/** The action of this id; an id the engine does not know is a usage error naming the ones it knows. */
async function knownAction(engine: EngineConnection, id: string): Promise<ActionInfo> {
  const items = (await engine.call('listActions', {})).items;
  const action = items.find((a) => a.id === id);
  if (!action) throw new UsageError(`unknown action '${id}'; known: ${items.map((a) => a.id).join(', ')}`);
  return action;
}

export async function actionRun(id: string, o: ActionRunOptions): Promise<number> {
  const pairs = paramPairs(o.param ?? []); // a malformed pair is a usage error before anything is asked of the engine
  const engine = connect(o, "the action's scope");
  const say = (text: string) => (o.json ? process.stderr : process.stdout).write(text);
  try {
    const params = typedParams(pairs, (await knownAction(engine, id)).params_schema);
    const preview = await engine.call('previewAction', { action_id: id, params });
    say(formatPreview(preview));
    if (!(await confirmed(preview, o.yes))) {
      say('Not confirmed: nothing was changed.\n');
      return 1;
    }
    const run = (runId?: string) => engine.call('runAction', {
      action_id: id,
      params: preview.params,
      reason: o.reason,
      ...(runId ? { run_id: runId } : {}),
      ...(preview.destructive && preview.confirm !== null ? { confirm: preview.confirm } : {}),
    });
    // On a terminal the bar moves while the run goes (the engine's progress, asked twice a second); else one at the end.
    const live = !o.json && Boolean(process.stderr.isTTY);
    const result = live
      ? await runWithProgress({ run, poll: (runId) => engine.call('getActionProgress', { run_id: runId }) }, (p) => process.stderr.write(`\r${progressBar(p.done, p.total)}`), 500)
      : await run();
    if (live) process.stderr.write('\r\x1b[K');
    if (o.json) process.stdout.write(`${JSON.stringify({ preview, result }, null, 2)}\n`);
    else say(formatResult(result));
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') throw new UsageError(error.message);
    throw error;
  } finally {
    await engine.close();
  }
}
