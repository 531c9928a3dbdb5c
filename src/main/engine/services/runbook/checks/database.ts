import type { Check } from './check';

const MB = 1_048_576;

export const database: Check = {
  id: 'database',
  title: 'Database reachable, size and free pages',
  async run({ store, mode }) {
    const started = Date.now();
    await store.ping(); // a failure is this check's fail, with the error
    const pingMs = Date.now() - started;
    const [size, free] = await Promise.all([store.sizeBytes(), store.freeBytes()]);
    const sizeMb = Math.round((size / MB) * 10) / 10;
    const freeMb = free === null ? null : Math.round((free / MB) * 10) / 10;
    const backend = mode === 'production' ? 'Postgres' : 'The SQLite file';
    return {
      status: 'pass',
      summary: `${backend} answered in ${pingMs} ms and holds ${sizeMb} MB${freeMb === null ? '' : `, of which ${freeMb} MB are free pages a vacuum would return`}.`,
      numbers: { ping_ms: pingMs, size_mb: sizeMb, free_mb: freeMb },
    };
  },
};
