/*
 * RUNBOOK.md describes each incident in prose for a person plus one fenced block for machines:
 *
 *   ```runbook
 *   incident: decisions-stuck-in-processing
 *   checks: queue-depth, live-workers
 *   actions: resume-worker          (or `actions: none yet`)
 *   ```
 *
 * This module reads those blocks. It is pure (no file access) so the UI can render the same text.
 */

export interface RunbookIncident {
  /** kebab-case, unique in the document. */
  id: string;
  /** The text of the nearest Markdown heading above the block; null when there is none. */
  title: string | null;
  /** The prose between that heading and the block (what you see, what to do), as written: Markdown. */
  symptoms: string;
  /** Check ids, in the order written; at least one. */
  checks: string[];
  /** Action ids, in the order written; empty when the block says `none yet`. */
  actions: string[];
  /** 1-based line of the block's opening fence. */
  line: number;
}

export interface RunbookIncidentsParse {
  incidents: RunbookIncident[];
  /** One sentence per malformed block or duplicate id, naming its line. */
  errors: string[];
}

export const NO_ACTIONS_YET = 'none yet';

const FENCE_OPEN = /^```runbook\s*$/;
const FENCE_CLOSE = /^```\s*$/;
const HEADING = /^#{1,6}\s+(.+?)\s*#*\s*$/;
const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KEYS = ['incident', 'checks', 'actions'] as const;
type Key = (typeof KEYS)[number];

function isKey(name: string): name is Key {
  return (KEYS as readonly string[]).includes(name);
}

/** A comma-separated list of kebab ids; the bad items are returned apart so the error can name them. */
function idList(value: string): { ids: string[]; bad: string[] } {
  const items = value.split(',').map((s) => s.trim());
  return { ids: items.filter((s) => KEBAB_ID.test(s)), bad: items.filter((s) => !KEBAB_ID.test(s)) };
}

function parseBlock(body: string[], line: number, title: string | null, symptoms: string): { incident?: RunbookIncident; errors: string[] } {
  const errors: string[] = [];
  const fields = new Map<Key, string>();
  for (const raw of body) {
    const text = raw.trim();
    if (text === '') continue;
    const colon = text.indexOf(':');
    const name = colon < 0 ? '' : text.slice(0, colon).trim();
    if (!isKey(name)) {
      errors.push(`runbook block at line ${line}: "${text}" is not one of ${KEYS.map((k) => `${k}:`).join(', ')}`);
      continue;
    }
    if (fields.has(name)) errors.push(`runbook block at line ${line}: "${name}" is written twice`);
    fields.set(name, text.slice(colon + 1).trim());
  }
  for (const key of KEYS) if (!fields.has(key)) errors.push(`runbook block at line ${line}: "${key}:" is missing`);

  const id = fields.get('incident') ?? '';
  if (fields.has('incident') && !KEBAB_ID.test(id)) errors.push(`runbook block at line ${line}: incident "${id}" is not a kebab-case id`);

  const checks = idList(fields.get('checks') ?? '');
  if (fields.has('checks') && checks.bad.length) {
    errors.push(`runbook block at line ${line}: checks must be a comma-separated list of ids, not "${checks.bad.join('", "')}"`);
  }

  const actionsText = fields.get('actions') ?? '';
  const actions = actionsText === NO_ACTIONS_YET ? { ids: [], bad: [] } : idList(actionsText);
  if (fields.has('actions') && actions.bad.length) {
    errors.push(`runbook block at line ${line}: actions must be ids or "${NO_ACTIONS_YET}", not "${actions.bad.join('", "')}"`);
  }

  if (errors.length) return { errors };
  return { incident: { id, title, symptoms, checks: checks.ids, actions: actions.ids, line }, errors };
}

export function parseRunbookIncidents(markdown: string): RunbookIncidentsParse {
  const lines = markdown.split(/\r?\n/);
  const incidents: RunbookIncident[] = [];
  const errors: string[] = [];
  let title: string | null = null;
  // The lines since the last heading or block: the prose of the incident the next block describes.
  let prose: string[] = [];
  let inOtherFence = false;
  const lineAt = (i: number) => lines[i] ?? '';

  for (let i = 0; i < lines.length; i++) {
    const text = lineAt(i);
    if (FENCE_OPEN.test(text)) {
      const start = i + 1;
      const body: string[] = [];
      for (i++; i < lines.length && !FENCE_CLOSE.test(lineAt(i)); i++) body.push(lineAt(i));
      if (i >= lines.length) {
        errors.push(`runbook block at line ${start} is never closed`);
        break;
      }
      const parsed = parseBlock(body, start, title, prose.join('\n').trim());
      errors.push(...parsed.errors);
      if (parsed.incident) incidents.push(parsed.incident);
      prose = [];
      continue;
    }
    // Lines inside other code blocks (sh, sql, json) are not headings, whatever they start with.
    if (text.startsWith('```')) inOtherFence = !inOtherFence;
    const heading = inOtherFence || text.startsWith('```') ? null : HEADING.exec(text);
    if (heading) {
      title = heading[1] ?? title;
      prose = [];
    } else {
      prose.push(text);
    }
  }

  const seen = new Set<string>();
  for (const incident of incidents) {
    if (seen.has(incident.id)) errors.push(`runbook block at line ${incident.line}: incident "${incident.id}" is described twice`);
    seen.add(incident.id);
  }
  return { incidents, errors };
}
