import { ConfigError } from '../config-error';
import { UsageError, parseCommandArgs as parse } from './args';
import type { serveCommand as ServeCommand } from './serve-command';
import type { demoCommand as DemoCommand } from './demo-command';
import type { keysCommand as KeysCommand } from './keys-command';
import type { startCommand as StartCommand } from './start-command';

// Commands are loaded when run, not at start: `decisionos --help` must not load the engine, fastify and SQLite
// (issue 9: --help under 0.5 s). test/unit/main/engine/cli/bundle.test.ts checks the built entry stays this way.
const serveCommand: typeof ServeCommand = async (...a) => (await import('./serve-command')).serveCommand(...a);
const demoCommand: typeof DemoCommand = async (...a) => (await import('./demo-command')).demoCommand(...a);
const keysCommand: typeof KeysCommand = async (...a) => (await import('./keys-command')).keysCommand(...a);
const startCommand: typeof StartCommand = async (...a) => (await import('./start-command')).startCommand(...a);

export const USAGE = `decisionos <command> [options]

  start                 the desktop app; where Electron cannot run, browser mode (engine + UI) with a login link
  serve                 run the engine, its HTTP API and the UI for a browser (headless mode)
      --data-dir DIR    where the database and admin key live (DECISIONOS_DATA_DIR, default ~/.decisionos)
      --port N          HTTP port on 127.0.0.1 (PORT, default 8080; 0 picks a free one)
  demo                  start an engine on a temporary data dir and submit a labelled demo workload
      --port N          HTTP port (default 0: a free one)
      --exit            stop once the workload is judged instead of serving on
  keys create --workspace W --name N --scopes read,submit,...   print a new API key (shown once)
  keys list                                                     list keys (never the secrets)
  keys revoke KEY_ID                                            revoke a key
      --data-dir DIR
`;

/** Entry of the `decisionos` command. Returns the exit code: 0 ok, 1 failure, 2 bad usage. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await startCommand(parse(rest, { 'data-dir': { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } }));
      case 'serve':
        return await serveCommand(parse(rest, { 'data-dir': { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } }));
      case 'demo':
        return await demoCommand(parse(rest, { port: { type: 'string' }, exit: { type: 'boolean' } }));
      case 'keys':
        return await keysCommand(
          parse(rest, {
            'data-dir': { type: 'string' },
            workspace: { type: 'string' },
            name: { type: 'string' },
            scopes: { type: 'string' },
          }),
        );
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`decisionos: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`decisionos: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`decisionos: ${(error as Error).message}\n`);
    return 1;
  }
}
