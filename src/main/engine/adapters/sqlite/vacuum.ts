import type { StoreMaintenance } from '../../ports/audit-store';
import type { Db } from './database';

/** PRAGMA auto_vacuum: 0 NONE, 1 FULL, 2 INCREMENTAL. */
const INCREMENTAL = 2;

/**
 * Gives free pages back to the file system in steps of at most `maxPages` (`PRAGMA incremental_vacuum`, one short
 * write transaction each). That needs auto_vacuum = INCREMENTAL, which SQLite only lets a database take while it has
 * no tables (every database we create gets it) or through a full VACUUM, which rewrites the whole file holding the
 * write lock for as long as that takes: too long to run under a live engine, so an older file gets a note saying so.
 */
export function sqliteVacuum(db: Db): Pick<StoreMaintenance, 'vacuumStep'> {
  const freePages = () => db.pragma('freelist_count', { simple: true }) as number;
  return {
    async vacuumStep(_tables, maxPages) {
      const started = performance.now();
      const before = freePages();
      if ((db.pragma('auto_vacuum', { simple: true }) as number) !== INCREMENTAL) {
        return {
          freedPages: 0,
          freePagesLeft: before,
          ms: performance.now() - started,
          done: true,
          note:
            before === 0
              ? null
              : `this database was created without auto_vacuum = INCREMENTAL, so its ${before} free page(s) stay in the file (new rows reuse them). ` +
                'To shrink it, stop DecisionOS and run: sqlite3 <data-dir>/decisionos.sqlite "PRAGMA auto_vacuum = INCREMENTAL; VACUUM;" (rewrites the file once; needs as much free disk again).',
        };
      }
      if (before === 0) return { freedPages: 0, freePagesLeft: 0, ms: performance.now() - started, done: true, note: null };
      const pages = Math.max(1, Math.floor(maxPages));
      db.pragma(`incremental_vacuum(${pages})`);
      const after = freePages();
      // Fewer freed than asked: the list ran empty during the step (other writes free pages all the time; do not chase them).
      return { freedPages: before - after, freePagesLeft: after, ms: performance.now() - started, done: after === 0 || before - after < pages, note: null };
    },
  };
}
