import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';

type Pretty = (options: Record<string, unknown>) => NodeJS.WritableStream;

/** pino-pretty is a development dependency: an install without it logs JSON lines everywhere. */
function loadPretty(): Pretty | null {
  try {
    return createRequire(import.meta.url)('pino-pretty') as Pretty;
  } catch {
    return null;
  }
}

/** JSON lines in production (ENV=production) for log shippers; readable lines on a terminal otherwise. */
export function createLogger(o: { production: boolean; level: string }): Logger {
  const options = { level: o.level, base: { service: 'decisionos' }, timestamp: pino.stdTimeFunctions.isoTime };
  const pretty = o.production ? null : loadPretty();
  if (!pretty) return pino(options);
  return pino(options, pretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', sync: true }));
}
