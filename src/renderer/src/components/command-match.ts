import { ExternalId } from '../../../shared/schemas/common';

export interface CommandEntry {
  id: string;
  /** What the palette shows, e.g. "Go to Blocked tasks" or "Pause the queue". */
  title: string;
  /** Extra words it is found by (screen names, synonyms). */
  keywords?: string;
}

/**
 * Ranks commands for what was typed: every typed word must appear in the title or keywords; a title that starts
 * with the text ranks first, then titles containing it, then keyword-only matches. Stable within a rank.
 */
export function matchCommands<T extends CommandEntry>(typed: string, commands: T[]): T[] {
  const text = typed.trim().toLowerCase();
  if (!text) return commands;
  const words = text.split(/\s+/);
  const ranked: { c: T; rank: number; i: number }[] = [];
  commands.forEach((c, i) => {
    const title = c.title.toLowerCase();
    const haystack = `${title} ${(c.keywords ?? '').toLowerCase()}`;
    if (!words.every((w) => haystack.includes(w))) return;
    const rank = title.startsWith(text) ? 0 : title.includes(text) ? 1 : words.every((w) => title.includes(w)) ? 2 : 3;
    ranked.push({ c, rank, i });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.i - b.i).map((r) => r.c);
}

/**
 * What a typed id can be: decision ids carry the `dec_` prefix; another valid external id with a digit or
 * punctuation may be a task id (a plain word is more likely the start of a command than a task id).
 */
export function idKind(typed: string): 'decision' | 'task' | null {
  const id = typed.trim();
  if (/^dec_[a-z0-9]+$/.test(id)) return 'decision';
  return ExternalId.safeParse(id).success && /[0-9._:@-]/.test(id) ? 'task' : null;
}
