import { randomBytes } from 'node:crypto';

/**
 * Time-ordered ids: prefix, 9 base-36 chars of milliseconds (sorts until the year 5188), 12 random hex.
 * Random bytes are drawn in blocks because one syscall per id would dominate a 10k/s submit path.
 */
let pool = Buffer.alloc(0);
let offset = 0;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

export function newId(prefix: string, now: number = Date.now()): string {
  return `${prefix}_${now.toString(36).padStart(9, '0')}${randomHex(6)}`;
}

/** A secret: 32 random bytes, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
