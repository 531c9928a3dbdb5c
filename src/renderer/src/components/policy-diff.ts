import type { PolicyDocument, PolicyRule } from '../../../shared/schemas/policy';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export type RuleDiff =
  | { rule_id: string; change: 'added'; rule: PolicyRule }
  | { rule_id: string; change: 'removed'; rule: PolicyRule }
  | { rule_id: string; change: 'changed'; fields: FieldChange[] };

export interface PolicyDiff {
  /** Document-level fields (name, description) that differ. */
  header: FieldChange[];
  /** Rules added, removed or changed, in the newer version's order (removed ones where they were). */
  rules: RuleDiff[];
  unchanged: number;
}

const show = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * A reviewer's diff of two policy versions: rules are matched by id, so a reordered policy shows no change
 * and an edited expression shows as that one field of that one rule.
 */
export function diffPolicies(before: PolicyDocument, after: PolicyDocument): PolicyDiff {
  const header: FieldChange[] = [];
  for (const field of ['name', 'description'] as const) {
    if (show(before[field]) !== show(after[field])) header.push({ field, before: show(before[field]), after: show(after[field]) });
  }
  const old = new Map(before.rules.map((r) => [r.id, r]));
  const next = new Set(after.rules.map((r) => r.id));
  const rules: RuleDiff[] = [];
  let unchanged = 0;
  for (const rule of before.rules) if (!next.has(rule.id)) rules.push({ rule_id: rule.id, change: 'removed', rule });
  for (const rule of after.rules) {
    const was = old.get(rule.id);
    if (!was) {
      rules.push({ rule_id: rule.id, change: 'added', rule });
      continue;
    }
    const fields: FieldChange[] = [];
    for (const field of Object.keys({ ...was, ...rule }) as (keyof PolicyRule)[]) {
      if (show(was[field]) !== show(rule[field])) fields.push({ field, before: show(was[field]), after: show(rule[field]) });
    }
    if (fields.length) rules.push({ rule_id: rule.id, change: 'changed', fields });
    else unchanged += 1;
  }
  return { header, rules, unchanged };
}
