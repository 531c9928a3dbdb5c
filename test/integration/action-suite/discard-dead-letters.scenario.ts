import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ActionScenario, SuiteTarget } from './scenario';

let dead: string[] = [];
let decisionOf = new Map<string, string>();

const deadList = async (t: SuiteTarget) => (await t.call('GET', '/api/queue/dead')).body.items as { job_id: string; decision_id: string }[];

export default {
  action: 'discard-dead-letters',
  async arrange(t) {
    dead = await t.deadLetters(3);
    decisionOf = new Map((await deadList(t)).map((j) => [j.job_id, j.decision_id]));
    return { job_ids: dead.slice(0, 2) };
  },
  async verify(t, preview, result) {
    expect(preview.touches.ids).toEqual(dead.slice(0, 2));
    const listed = (await deadList(t)).map((j) => j.job_id);
    expect(listed).not.toContain(dead[0]);
    expect(listed).not.toContain(dead[1]);
    expect(listed).toContain(dead[2]);
    for (const jobId of dead) expect((await t.call('GET', `/api/governance/decisions/${decisionOf.get(jobId)}`)).body.status).toBe('failed');
    expect(result.undo?.action_id).toBe('restore-jobs');
    const lines = fs.readFileSync(path.join(t.dataDir, 'purged', String(result.undo?.params.file)), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.slice(1).map((l) => [l.kind, l.job_id])).toEqual(dead.slice(0, 2).map((id) => ['discarded', id]));
  },
  async cleanup(t, result) {
    // Restored, the discarded jobs are judged again (the suite poisons only while it makes dead letters).
    await t.action(result.undo?.action_id as string, result.undo?.params);
    for (const jobId of dead.slice(0, 2)) expect((await t.settled(decisionOf.get(jobId) as string)).status).toBe('approved');
  },
} satisfies ActionScenario;
