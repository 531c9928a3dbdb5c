import { InvalidArgumentError } from 'commander';

/** A mistake in how the command was called: reported with the command's usage on stderr and exit code 2. */
export class UsageError extends Error {}

/** `--port`: 0..65535 (0 picks a free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError(`--port must be 0..65535, not '${value}'`);
  return port;
}

/** `--concurrency`: 1..64 worker loops. */
export function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError(`--concurrency must be 1..64, not '${value}'`);
  return n;
}
