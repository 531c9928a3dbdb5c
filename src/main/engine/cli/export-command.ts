import fs from 'node:fs';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../shared/errors';
import { UsageError } from './args';
import { connectToEngine } from './engine-connection';

/*
 * `decisionos export`: the audit trail for compliance, from the local engine, the data dir or a remote one, streamed
 * to a file (never over an existing one) or to stdout as it arrives. The engine audits every export.
 */

export interface ExportOptions {
  url?: string;
  key?: string;
  dataDir?: string;
  format?: string;
  taskId?: string;
  eventType?: string;
  since?: string;
  until?: string;
  /** A file, `-` for stdout; default: the engine's file name in the current directory. */
  out?: string;
}

/** The engine's file name from Content-Disposition, if it sent a plain one. */
export function dispositionFileName(header: string | undefined): string | null {
  const name = /filename="([^"/\\]+)"/.exec(header ?? '')?.[1];
  return name && !name.startsWith('.') ? name : null;
}

export async function exportCommand(o: ExportOptions): Promise<number> {
  const input: Record<string, unknown> = {
    format: o.format ?? 'jsonl',
    ...(o.taskId ? { task_id: o.taskId } : {}),
    ...(o.eventType ? { event_type: o.eventType } : {}),
    ...(o.since ? { since: o.since } : {}),
    ...(o.until ? { until: o.until } : {}),
  };
  const engine = connectToEngine({ url: o.url, key: o.key, dataDir: o.dataDir, keyNeeds: 'the read scope' });
  try {
    const download = await engine.download('exportAudit', input).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'validation_failed') throw new UsageError(error.message);
      throw error;
    });
    const toStdout = o.out === '-';
    const file = toStdout ? null : path.resolve(o.out ?? dispositionFileName(download.headers['content-disposition']) ?? `decisionos-audit.${String(input.format)}`);
    let bytes = 0;
    const source = Readable.from(download.chunks).on('data', (chunk: Buffer | string) => (bytes += Buffer.byteLength(chunk)));
    const sink: Writable = file ? fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }) : process.stdout;
    try {
      await pipeline(source, sink, { end: !toStdout });
    } catch (error) {
      if (file && (error as NodeJS.ErrnoException).code !== 'EEXIST') fs.rmSync(file, { force: true });
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${file} exists; pass --out with a new file name`);
      throw error;
    }
    if (file) process.stderr.write(`wrote ${bytes} bytes to ${file}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
