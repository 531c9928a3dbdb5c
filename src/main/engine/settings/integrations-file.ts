import fs from 'node:fs';
import { IntegrationsFile, type IntegrationConfig } from '../../../shared/schemas/integrations';

/** The integrations file, validated whole: a bad entry stops the start and names the entry and field. */
export function readIntegrationsFile(file: string): IntegrationConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = IntegrationsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') || '(file)'}: ${issue?.message}`);
  }
  return parsed.data.integrations;
}
