import { Argument, Command, Option } from 'commander';
import { ENGINE_VERSION } from '../version';
import { UsageError, parseConcurrency, parsePort } from './args';
import { parseDuration, parseMaxInFlight, parseRate } from './loadtest-args';
import { completionScript, SHELLS, type Shell } from './completion';
import type { DemoOptions } from './demo-command';
import type { ServeOptions } from './serve-command';
import type { WorkerOptions } from './worker-command';
import type { CheckOptions } from './check-command';
import type { ActionConnectOptions, ActionRunOptions } from './action-command';
import type { ExportOptions } from './export-command';
import type { LoadtestOptions } from './loadtest-command';

// Commands are loaded when run, not when the program is built: `--help`, `--version` and completion must not load
// the engine, fastify, SQLite or zod (test/unit/main/engine/cli/bundle.test.ts checks the built entry).
const serve = () => import('./serve-command');
const start = () => import('./start-command');
const demo = () => import('./demo-command');
const keys = () => import('./keys-command');
const worker = () => import('./worker-command');
const migrate = () => import('./migrate-command');
const restore = () => import('./restore-command');
const check = () => import('./check-command');
const action = () => import('./action-command');
const exporting = () => import('./export-command');
const loadtest = () => import('./loadtest-command');

/** What an action reports back to `runCli`: its exit code. */
export interface Outcome {
  code: number;
}

const evictingRedisOption = () =>
  new Option('--allow-evicting-redis', "start even if Redis may evict keys (maxmemory-policy not noeviction); /ready reports it");

const dataDirOption = () => new Option('--data-dir <dir>', "database, admin key and lock file (DECISIONOS_DATA_DIR; default: the platform's data dir)");

/**
 * The `decisionos` command tree. Help, usage errors and shell completion all read this tree, so a command or
 * option added here shows up in each of them. Nothing runs until `parseAsync`.
 */
export function buildProgram(outcome: Outcome): Command {
  const program = new Command('decisionos')
    .description('DecisionOS Workstation: a local decision engine with its audit trail, HTTP API and UI')
    .version(ENGINE_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for the command')
    // Settings every command below inherits (they are copied when a command is created).
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });

  /** Runs an action; its UsageError is reported like commander's own usage errors (usage on stderr, exit 2). */
  const act = <A extends unknown[]>(run: (...args: A) => Promise<number>) =>
    async function (this: Command, ...args: A) {
      try {
        outcome.code = await run(...args);
      } catch (error) {
        if (error instanceof UsageError) this.error(`error: ${error.message}`, { exitCode: 2, code: 'decisionos.usage' });
        throw error;
      }
    };

  const serveOptions = (c: Command) =>
    c
      .addOption(dataDirOption())
      .addOption(new Option('--port <n>', 'HTTP port (DECISIONOS_PORT, default 8080; 0 picks a free one)').argParser(parsePort))
      .addOption(new Option('--host <address>', 'address to listen on (DECISIONOS_HOST, default 127.0.0.1)'));

  serveOptions(program.command('start').description('the desktop app; where Electron cannot run, browser mode with a login link')).action(
    act(async (o: ServeOptions) => (await start()).startCommand(o)),
  );
  serveOptions(program.command('serve').description('run the engine, its HTTP API and the UI for a browser (headless)'))
    .option('--no-worker', 'API and UI only: judge nothing in this process (production mode runs `decisionos worker` processes)')
    .addOption(evictingRedisOption())
    .action(act(async (o: ServeOptions) => (await serve()).serveCommand(o)));
  program
    .command('worker')
    .description('production mode (DATABASE_URL + REDIS_URL): judge decisions from the shared queue, no API')
    .addOption(new Option('--concurrency <n>', 'worker loops in this process (DECISIONOS_WORKER_CONCURRENCY, default 1)').argParser(parseConcurrency))
    .addOption(evictingRedisOption())
    .action(act(async (o: WorkerOptions) => (await worker()).workerCommand(o)));
  program
    .command('migrate')
    .description("bring the store's schema up to this version (Postgres with DATABASE_URL; else the embedded file)")
    .addOption(dataDirOption())
    .option('--no-backup', 'Postgres: migrate even when no pg_dump backup can be taken first (take one of your own before)')
    .action(act(async (o: { dataDir?: string; backup?: boolean }) => (await migrate()).migrateCommand(o)));
  program
    .command('restore')
    .description('with the engine stopped: put a backup in place of the embedded database, keeping the replaced file (decisionos.sqlite.replaced-<time>)')
    .argument('<file>', 'a backup name from <data dir>/backups, or a path to a SQLite backup')
    .addOption(dataDirOption())
    .action(act(async (file: string, o: { dataDir?: string }) => (await restore()).restoreCommand(file, o)));
  program
    .command('check')
    .description('run the runbook checks and print pass, warn or fail with the numbers; exits 1 when one fails')
    .argument('[id...]', 'check ids (default: all; an unknown one is refused, naming the known ones)')
    .option('--url <url>', 'a remote engine (with --key); default: the local engine on DECISIONOS_PORT, or the data dir itself when none runs')
    .option('--key <key>', "an API key with the read scope (default: the data dir's admin key)")
    .option('--json', 'print the report as JSON')
    .addOption(dataDirOption())
    .action(act(async (ids: string[], o: CheckOptions) => (await check()).checkCommand(ids, o)));
  const connectOptions = (c: Command, keyNeeds: string) =>
    c
      .option('--url <url>', 'a remote engine (with --key); default: the local engine on DECISIONOS_PORT, or the data dir itself when none runs')
      .option('--key <key>', `an API key with ${keyNeeds} (default: the data dir's admin key)`)
      .option('--json', 'print JSON')
      .addOption(dataDirOption());
  const actionGroup = program.command('action').description('runbook actions: list them, or preview and run one with a reason (audited)');
  connectOptions(actionGroup.command('list').description('the runbook actions: id, scope and title'), 'the read scope').action(
    act(async (o: ActionConnectOptions) => (await action()).actionList(o)),
  );
  connectOptions(
    actionGroup
      .command('run')
      .description('preview an action, confirm it, run it; prints the result, the audit event id and the undo')
      .argument('<action-id>', 'the action (see action list)')
      .option('--param <key=value>', 'a param (repeatable); a value is JSON when it parses, e.g. 3 or ["a","b"], else a string', (v: string, all: string[] = []) => [...all, v])
      .requiredOption('--reason <text>', 'why: recorded on the audit event')
      .option('--yes', 'do not ask (required without a terminal); a destructive action is sent its preview\'s confirmation'),
    "the action's scope",
  ).action(act(async (id: string, o: ActionRunOptions) => (await action()).actionRun(id, o)));
  program
    .command('export')
    .description("stream the workspace's audit trail (all, one task's, some event types or a time range) as JSON lines or CSV, for compliance (audited)")
    .addOption(new Option('--format <format>', 'jsonl or csv').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--task-id <id>', "one task's trail")
    .option('--event-type <types>', 'only these event types, comma-separated (e.g. SUPERVISOR_BLOCKED,MANUAL_UNBLOCK)')
    .option('--since <iso>', 'from this time on (inclusive)')
    .option('--until <iso>', 'up to this time (exclusive)')
    .option('--out <file>', "where to write it (never over an existing file); - for stdout; default: the engine's file name here")
    .option('--url <url>', 'a remote engine (with --key); default: the local engine on DECISIONOS_PORT, or the data dir itself when none runs')
    .option('--key <key>', "an API key with the read scope (default: the data dir's admin key)")
    .addOption(dataDirOption())
    .action(act(async (o: ExportOptions) => (await exporting()).exportCommand(o)));
  program
    .command('demo')
    .description('an engine on a temporary data dir, fed a labelled demo workload')
    .addOption(new Option('--port <n>', 'HTTP port (default 0: a free one)').argParser(parsePort))
    .option('--exit', 'stop once the workload is judged instead of serving on')
    .action(act(async (o: DemoOptions) => (await demo()).demoCommand(o)));

  program
    .command('loadtest')
    .description('send the labelled demo workload to a running engine at a fixed rate; report throughput, latency percentiles and decision lag')
    .option('--url <url>', 'the engine (with --key); only loopback (127.x, [::1], localhost) unless --i-own-this-engine; default: the local engine on DECISIONOS_PORT')
    .option('--key <key>', "an API key with the submit and read scopes (default: the data dir's admin key)")
    .addOption(new Option('--rate <n>', 'requests per second, sent on schedule whether or not earlier ones are answered').argParser(parseRate).makeOptionMandatory())
    .addOption(new Option('--duration <d>', 'how long to send, e.g. 30s, 500ms, 2m (a bare number is seconds)').argParser(parseDuration).makeOptionMandatory())
    .addOption(new Option('--max-in-flight <n>', 'unanswered requests allowed at once; requests due beyond it are not sent and are counted').argParser(parseMaxInFlight).default(256))
    .option('--i-own-this-engine', 'allow a target that is not a loopback address')
    .option('--json', 'print the report as JSON')
    .addOption(dataDirOption())
    .action(act(async (o: LoadtestOptions) => (await loadtest()).loadtestCommand(o)));

  const keysGroup = program.command('keys').description('API keys: create, list, revoke, rotate');
  keysGroup
    .command('create')
    .description('print a new API key (the secret is shown once)')
    .requiredOption('--workspace <id>', 'the workspace the key acts in')
    .requiredOption('--name <name>', 'who or what uses the key')
    // Checked against src/shared/scopes.ts when the command runs (loading it here would load zod for --help).
    .requiredOption('--scopes <list>', 'comma-separated scopes, e.g. read,submit (an unknown one is refused, naming the valid ones)')
    .addOption(dataDirOption())
    .action(act(async (o: { workspace: string; name: string; scopes: string; dataDir?: string }) => (await keys()).keysCreate(o)));
  keysGroup
    .command('list')
    .description('list keys (never the secrets)')
    .addOption(dataDirOption())
    .action(act(async (o: { dataDir?: string }) => (await keys()).keysList(o)));
  keysGroup
    .command('revoke')
    .description('revoke a key')
    .argument('<key-id>', 'the key id (see keys list)')
    .addOption(dataDirOption())
    .action(act(async (id: string, o: { dataDir?: string }) => (await keys()).keysRevoke(id, o)));
  keysGroup
    .command('rotate')
    .description('replace a key by a new secret with the same scopes; the old one is revoked (audited)')
    .argument('<key-id>', 'the key id (see keys list)')
    .addOption(dataDirOption())
    .action(act(async (id: string, o: { dataDir?: string }) => (await keys()).keysRotate(id, o)));

  program
    .command('completion')
    .description('print a shell completion script (e.g. `source <(decisionos completion bash)`)')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action(
      act(async (shell: Shell) => {
        process.stdout.write(completionScript(program, shell));
        return 0;
      }),
    );
  return program;
}
