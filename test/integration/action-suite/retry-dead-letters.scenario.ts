import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

let dead: string[] = [];
let decisionOf = new Map<string, string>();

const deadList = async (t: Parameters<ActionScenario['verify']>[0]) =>
  (await t.call('GET', '/api/queue/dead')).body.items as { job_id: string; decision_id: string }[];

export default {
  action: 'retry-dead-letters',
  async arrange(t) {
    dead = await t.deadLetters(3);
    decisionOf = new Map((await deadList(t)).map((j) => [j.job_id, j.decision_id]));
    return { job_ids: dead.slice(0, 2) };
  },
  async verify(t, preview) {
    expect(preview.touches.ids).toEqual(dead.slice(0, 2));
    // The retried decisions are judged again (on Postgres + Redis their jobs come back through the outbox).
    for (const jobId of dead.slice(0, 2)) {
      expect((await t.settled(decisionOf.get(jobId) as string)).status).toBe('approved');
      await expect.poll(async () => (await deadList(t)).map((j) => j.job_id), { timeout: 20_000 }).not.toContain(jobId);
    }
    expect((await deadList(t)).map((j) => j.job_id)).toContain(dead[2]);
  },
} satisfies ActionScenario;
