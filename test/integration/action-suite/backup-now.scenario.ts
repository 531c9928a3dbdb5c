import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ActionScenario } from './scenario';

const backupsIn = (dataDir: string) => (fs.existsSync(path.join(dataDir, 'backups')) ? fs.readdirSync(path.join(dataDir, 'backups')) : []);

export default {
  action: 'backup-now',
  async arrange(t) {
    const task = t.unique('backup');
    await t.settled((await t.submit({ decision_type: 'payment_fraud_check', task_id: task, inputs: { amount: 10, currency: 'EUR', customer_id: task } })).decision_id);
    return {};
  },
  async verify(t, preview, result) {
    expect(preview.touches.counts).toEqual({ backups: 1, removed: preview.touches.ids.length });
    const name = /decisionos-[^ /]+?\.(sqlite|dump)/.exec(result.summary)?.[0] as string;
    expect(name).toMatch(t.backend === 'sqlite' ? /\.sqlite$/ : /\.dump$/);
    // The one new file is the verified backup (no temporary copy left), and the rotation removed what it listed.
    const files = backupsIn(t.dataDir);
    expect(files).toContain(name);
    expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
    for (const removed of preview.touches.ids) expect(files).not.toContain(removed);
    const check = (await t.call('GET', '/api/runbook/checks?ids=last-backup')).body.checks[0];
    expect(check).toMatchObject({ status: 'pass', numbers: { last_backup_at: expect.any(String) } });
    expect(result.undo).toBeNull();
  },
} satisfies ActionScenario;
