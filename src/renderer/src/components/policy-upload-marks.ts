import type { RuleError } from '../../../shared/schemas/policy';

/** One rule of the document in the editor, and whether the engine refused it. */
export interface RuleMark {
  index: number;
  id: string;
  failed: boolean;
}

/** Schema issues point at `rules.<index>.<field>`; engine errors name the rule id. Both mark the rule. */
export function markRules(text: string, ruleErrors: readonly RuleError[], issuePaths: readonly string[]): RuleMark[] {
  let rules: unknown;
  try {
    rules = (JSON.parse(text) as { rules?: unknown }).rules;
  } catch {
    return [];
  }
  if (!Array.isArray(rules)) return [];
  const failedIds = new Set(ruleErrors.map((e) => e.rule_id));
  const failedIndexes = new Set(issuePaths.flatMap((p) => /^rules\.(\d+)(\.|$)/.exec(p)?.[1] ?? []).map(Number));
  return rules.map((r, index) => {
    const id = typeof (r as { id?: unknown })?.id === 'string' ? (r as { id: string }).id : `#${index + 1}`;
    return { index, id, failed: failedIds.has(id) || failedIndexes.has(index) };
  });
}

/** Where rule `index` starts in the editor text (its `"id"` key), to select it; -1 when not found. */
export function ruleOffset(text: string, id: string): number {
  return text.search(new RegExp(`"id"\\s*:\\s*${JSON.stringify(id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
}
