import { CommanderError } from 'commander';
import { ConfigError } from '../config-error';
import { buildProgram, type Outcome } from './program';

/**
 * Entry of the `decisionos` command. Returns the exit code: 0 ok, 1 failure, 2 bad usage (a wrong command or
 * option, reported with the usage on stderr, or a bad setting, reported with the variable's name).
 */
export async function runCli(argv: string[]): Promise<number> {
  const outcome: Outcome = { code: 0 };
  try {
    await buildProgram(outcome).parseAsync(argv, { from: 'user' });
    return outcome.code;
  } catch (error) {
    // Help and --version end with exit code 0; every other commander error is a usage error, already printed.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`decisionos: ${(error as Error).message}\n`);
    return error instanceof ConfigError ? 2 : 1;
  }
}
