import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startTestEngine } from '../fixtures/engine';

const backups = (dataDir: string) => (fs.existsSync(path.join(dataDir, 'backups')) ? fs.readdirSync(path.join(dataDir, 'backups')) : []);

describe('scheduled backups (DECISIONOS_BACKUP_EVERY)', () => {
  it('take a verified backup on the timer, audited as maintenance, kept to DECISIONOS_BACKUP_KEEP, and stop with the engine', async () => {
    // The environment's shortest interval is a minute; the config underneath takes a second, for this test.
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
    const t = await startTestEngine({ backupEveryMs: 1_000, backupKeep: 2 }, { telemetryTimer: false, logger });
    try {
      type Item = { actor: string; details: { action: string; reason: string } };
      const scheduledRuns = async () =>
        ((await t.request('GET', '/api/timeline?kinds=runbook')).body.items as Item[]).filter((i) => i.details.action === 'backup-now');
      // Three runs: the third rotates the oldest away.
      await expect.poll(async () => (await scheduledRuns()).length, { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(3);
      const scheduled = await scheduledRuns();
      // A run renames its copy and then rotates: between the two there may be one more for a moment.
      await expect.poll(() => backups(t.dataDir).filter((f) => /Z\.sqlite$/.test(f)).length, { timeout: 5_000, interval: 20 }).toBe(2);
      expect(scheduled[0]).toMatchObject({ actor: 'maintenance', details: { reason: expect.stringMatching(/^scheduled backup \(DECISIONOS_BACKUP_EVERY=/) } });
      const check = (await t.request('GET', '/api/runbook/checks?ids=last-backup')).body.checks[0];
      expect(check.summary).toMatch(/from DECISIONOS_BACKUP_EVERY/);
    } finally {
      await t.engine.stop();
    }
    // A timer left running would try on the closed database and log its failure.
    const after = backups(t.dataDir);
    await sleep(2_500);
    expect(backups(t.dataDir)).toEqual(after);
    expect(logged.filter((l) => l.includes('scheduled backup failed'))).toEqual([]);
    fs.rmSync(t.dataDir, { recursive: true, force: true });
  }, 30_000);
});
