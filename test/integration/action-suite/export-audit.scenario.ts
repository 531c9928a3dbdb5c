import fs from 'node:fs';
import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

/** The file a run names in its summary. */
const fileOf = (summary: string) => /to (\S+) \(\d+ bytes\)/.exec(summary)?.[1] as string;

/**
 * Two tasks, each judged once: the export of one task's trail writes exactly its events (as many as the preview
 * counted) as JSON lines into <dataDir>/exports, and none of the other task's.
 */
const scenario: ActionScenario = {
  action: 'export-audit',
  async arrange(t) {
    const [mine, other] = [t.unique('export-task'), t.unique('export-other')];
    for (const task of [mine, other]) {
      const d = await t.submit({ decision_type: 'agent_tool_call', task_id: task, inputs: { agent_id: 'agent-suite', tool: 'gmail.send' } });
      await t.settled(d.decision_id);
    }
    return { task_id: mine, format: 'jsonl' };
  },
  async verify(t, preview, result) {
    const rows = preview.touches.counts.rows as number;
    expect(rows).toBeGreaterThanOrEqual(3); // received, processing, judged at least
    const file = fileOf(result.summary);
    expect(file.startsWith(t.dataDir)).toBe(true);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(rows);
    expect(new Set(lines.map((l) => l.task_id))).toEqual(new Set([preview.params.task_id]));
  },
  async cleanup(_t, result) {
    fs.rmSync(fileOf(result.summary), { force: true });
  },
};
export default scenario;
