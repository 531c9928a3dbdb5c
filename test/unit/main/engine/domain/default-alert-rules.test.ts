import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../../../../src/main/engine/domain/default-alert-rules';
import { AlertRuleDefinition } from '../../../../../src/shared/schemas/alerts';

const RUNBOOK = path.resolve(import.meta.dirname, '../../../../../RUNBOOK.md');

describe('default alert rules', () => {
  it('are valid rule definitions with unique ids', () => {
    for (const rule of DEFAULT_ALERT_RULES) expect(AlertRuleDefinition.parse(rule), rule.id).toEqual(rule);
    expect(new Set(DEFAULT_ALERT_RULES.map((r) => r.id)).size).toBe(DEFAULT_ALERT_RULES.length);
  });

  it("are each named in RUNBOOK.md's alerts section", () => {
    const text = fs.readFileSync(RUNBOOK, 'utf8');
    const section = text.slice(text.indexOf('## 10. Alerts'), text.indexOf('## 11.'));
    expect(section.length).toBeGreaterThan(100);
    for (const rule of DEFAULT_ALERT_RULES) expect(section, rule.id).toContain(`\`${rule.id}\``);
  });
});
