import { parseArgs } from 'node:util';

/** A mistake in how the command was called: reported with the usage text and exit code 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

type ArgOptions = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

export function parseCommandArgs(args: string[], options: ArgOptions): ParsedArgs {
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
  return { values: values as ParsedArgs['values'], positionals };
}

export function portOption(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, not '${value}'`);
  return port;
}
