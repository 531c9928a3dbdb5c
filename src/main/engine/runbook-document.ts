import fs from 'node:fs';
import path from 'node:path';
import { parseRunbookIncidents } from '../../shared/runbook-incidents';
import type { RunbookIncidentView } from '../../shared/schemas/runbook';
import { ConfigError } from './config-error';
import { installRoot } from './install-root';

/** RUNBOOK.md of the install: beside package.json, which every way of running the engine ships (see installRoot). */
export const defaultRunbookFile = (): string => path.join(installRoot(), 'RUNBOOK.md');

/**
 * RUNBOOK.md's incidents, read once when the engine starts. Read from the install rather than bundled, as
 * package.json is (version.ts): the same code runs from src/ (tsx), dist/engine and out/main. A missing or
 * malformed file stops the start with a sentence naming it, rather than a Runbook screen that is silently empty.
 */
export function loadRunbookIncidents(file: string = defaultRunbookFile()): RunbookIncidentView[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the runbook ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): the install is incomplete; it ships beside package.json`);
  }
  const { incidents, errors } = parseRunbookIncidents(text);
  if (errors.length > 0) throw new ConfigError(`the runbook ${file} is malformed: ${errors.join('; ')}`);
  return incidents.map(({ id, title, symptoms, checks, actions }) => ({ id, title, symptoms, checks, actions }));
}
