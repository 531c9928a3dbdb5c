import fs from 'node:fs';
import { AlertReceiversFile, type AlertReceiverConfig } from '../../../shared/schemas/alert-receivers';

/** Which entry an issue is about: `receivers[1] ("pager").format`, or the file itself. */
function where(path: readonly PropertyKey[], raw: unknown): string {
  const [top, index, ...rest] = path;
  if (top !== 'receivers' || typeof index !== 'number') return path.map(String).join('.') || '(file)';
  const entry = (raw as { receivers?: unknown[] }).receivers?.[index] as { name?: unknown } | undefined;
  const named = typeof entry?.name === 'string' ? ` ("${entry.name}")` : '';
  return `receivers[${index}]${named}${rest.map((k) => `.${String(k)}`).join('')}`;
}

/** The alert receivers file `{"receivers": [...]}`, validated whole: a bad entry stops the start and names the entry and field. */
export function readAlertReceiversFile(file: string): AlertReceiverConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = AlertReceiversFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where(issue?.path ?? [], raw)}: ${issue?.message}`);
  }
  return parsed.data.receivers;
}
