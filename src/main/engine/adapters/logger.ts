import os from 'node:os';
import { createRequire } from 'node:module';
import pino, { type Logger, type LoggerOptions } from 'pino';

type Pretty = (options: Record<string, unknown>) => NodeJS.WritableStream;

/** pino-pretty is a development dependency: an install without it logs JSON lines everywhere. */
function loadPretty(): Pretty | null {
  try {
    return createRequire(import.meta.url)('pino-pretty') as Pretty;
  } catch {
    return null;
  }
}

/**
 * Production (DECISIONOS_ENV=production): JSON lines on stdout for log shippers, with level names
 * (`"level":"info"`), pid and hostname; nothing else is written to stdout. Otherwise readable lines.
 */
export function createLogger(o: { production: boolean; level: string }): Logger {
  const options: LoggerOptions = {
    level: o.level,
    base: { pid: process.pid, hostname: os.hostname(), service: 'decisionos' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  const pretty = o.production ? null : loadPretty();
  if (!pretty) return pino(options);
  return pino(options, pretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', sync: true }));
}
