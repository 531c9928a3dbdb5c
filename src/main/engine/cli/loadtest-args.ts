import { InvalidArgumentError } from 'commander';

/** Above this the sender itself, not the engine, would be what is measured (one Node process, one event loop). */
export const MAX_RATE = 5_000;
export const MAX_DURATION_MS = 3_600_000;
export const MAX_IN_FLIGHT = 10_000;

/** `--rate`: whole requests per second, 1..MAX_RATE. */
export function parseRate(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_RATE) throw new InvalidArgumentError(`--rate must be a whole number of requests per second, 1..${MAX_RATE}, not '${value}'`);
  return n;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000 };

/** `--duration`: e.g. 500ms, 2s, 1.5m or a bare number of seconds; more than 0 and at most an hour. */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value);
  const ms = m ? Number(m[1]) * (UNIT_MS[m[2] ?? 's'] as number) : NaN;
  if (!(ms > 0) || ms > MAX_DURATION_MS) throw new InvalidArgumentError(`--duration must be like 500ms, 30s or 2m, more than 0 and at most 60m, not '${value}'`);
  return Math.round(ms);
}

/** `--max-in-flight`: 1..MAX_IN_FLIGHT requests awaiting an answer at once. */
export function parseMaxInFlight(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_IN_FLIGHT) throw new InvalidArgumentError(`--max-in-flight must be 1..${MAX_IN_FLIGHT}, not '${value}'`);
  return n;
}
