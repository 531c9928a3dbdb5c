import type { Check } from './check';

export const redisAndOutbox: Check = {
  id: 'redis-and-outbox',
  title: 'Redis ping, maxmemory-policy and outbox backlog',
  async run({ mode, backendReadiness }) {
    if (mode === 'embedded') return { status: 'pass', summary: 'Not applicable: this engine runs embedded on SQLite, without Redis or an outbox.', numbers: { mode } };
    const { workers: _covered, ...entries } = await backendReadiness(); // live workers is its own check
    const failing = Object.entries(entries).filter(([, c]) => !c.ok);
    const numbers: Record<string, string> = { mode };
    for (const [name, c] of Object.entries(entries)) numbers[name] = `${c.ok ? 'ok' : 'FAIL'}: ${c.detail ?? ''}`;
    return failing.length
      ? { status: 'fail', summary: failing.map(([name, c]) => `${name}: ${c.detail ?? 'failing'}`).join('; ') + '.', numbers }
      : { status: 'pass', summary: Object.entries(entries).map(([name, c]) => `${name}: ${c.detail ?? 'ok'}`).join('; ') + '.', numbers };
  },
};
