import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/** JSON lines in production (ENV=production) for log shippers; readable lines on a terminal otherwise. */
export function createLogger(o: { production: boolean; level: string }): Logger {
  const options = { level: o.level, base: { service: 'decisionos' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (o.production) return pino(options);
  return pino(options, pretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', sync: true }));
}
