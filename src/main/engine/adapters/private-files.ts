import fs from 'node:fs';

/**
 * What lives in the data dir (decisions, audit trail, key hashes, the admin key) is readable by its owner only:
 * the directory 0700 and its files 0600. mkdir's and open's modes apply only when they create, so anything
 * that already existed (a directory made by hand, files from an older version) is chmod-ed as well.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** Sets 0600 on each of `files` that exists (SQLite's -wal and -shm come and go with the connections). */
export function restrictFiles(files: readonly string[]): void {
  for (const file of files) {
    try {
      fs.chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/**
 * Creates `file` empty and 0600 when it does not exist yet. SQLite gives its -wal and -shm files the database
 * file's mode, so a database created this way never has a moment of wider permissions, nor its sidecars.
 */
export function createPrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Writes a secret into a file that is 0600 from its first byte (and stays 0600 when it already existed). */
export function writePrivateFile(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}
