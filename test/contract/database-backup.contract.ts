import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { AuditStore } from '../../src/main/engine/ports/audit-store';
import type { DatabaseBackup } from '../../src/main/engine/ports/database-backup';

/** A store on a database of its own, the backup port of that database, and a directory for the files. */
export type BackupHarness = () => Promise<{ store: AuditStore; backup: DatabaseBackup; dir: string }>;

let n = 0;
const key = (store: AuditStore, keyId: string) =>
  store.insertKey({ keyId, workspaceId: 'default', name: keyId, scopes: ['read'], createdAt: 1_750_000_000_000, revokedAt: null, expiresAt: null }, `hash-${keyId}-${(n += 1)}`);
const keyIds = async (store: AuditStore) => (await store.listKeys()).map((k) => k.keyId).sort();

/** What every DatabaseBackup must do: backup-now, restore-backup and the backup before a migration rely on it. */
export function databaseBackupContract(harness: BackupHarness): void {
  it('copies the live database to a file that verify() accepts, reporting progress up to done of total', async () => {
    const { store, backup, dir } = await harness();
    await key(store, 'k1');
    const file = path.join(dir, `copy.${await backup.extension()}`);
    const steps: [number, number][] = [];
    const { bytes } = await backup.copyTo(file, (done, total) => steps.push([done, total]));
    expect(bytes).toBe(fs.statSync(file).size);
    expect(steps.length).toBeGreaterThan(0);
    for (const [done, total] of steps) expect(done).toBeLessThanOrEqual(total);
    expect(await backup.verify(file)).toMatchObject({ ok: true, detail: expect.any(String) });
  });

  it('verify() refuses a damaged file and a missing one, saying why', async () => {
    const { backup, dir } = await harness();
    const garbage = path.join(dir, 'garbage');
    fs.writeFileSync(garbage, 'not a backup at all'.repeat(500));
    expect(await backup.verify(garbage)).toMatchObject({ ok: false, detail: expect.stringMatching(/.+/) });
    expect(await backup.verify(path.join(dir, 'missing'))).toMatchObject({ ok: false, detail: expect.stringMatching(/does not exist/) });
  });

  it('restoreFrom() puts the backup in place after copying what it replaces, and that copy restores back', async () => {
    const { store, backup, dir } = await harness();
    const ext = await backup.extension();
    await key(store, 'before');
    const copy = path.join(dir, `before.${ext}`);
    await backup.copyTo(copy);
    await key(store, 'after');
    const replaced = path.join(dir, `replaced.${ext}`);
    await backup.restoreFrom(copy, replaced);
    expect(await keyIds(store)).toEqual(['before']);
    expect((await backup.verify(replaced)).ok).toBe(true);
    await backup.restoreFrom(replaced, path.join(dir, `replaced-again.${ext}`));
    expect(await keyIds(store)).toEqual(['after', 'before']);
  });
}
