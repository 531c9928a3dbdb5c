import type { Check } from './check';

export const breakers: Check = {
  id: 'breakers',
  title: 'Circuit breaker states',
  async run(ctx) {
    const { items } = await ctx.breakers();
    const open = items.filter((b) => b.state === 'OPEN');
    const probing = items.filter((b) => b.state === 'HALF_OPEN');
    const forced = items.filter((b) => b.forced !== null);
    const name = (b: (typeof items)[number]) => `${b.integration}${b.forced ? ` (forced ${b.forced} by ${b.forced_by ?? 'someone'})` : ''}`;
    const numbers = { breakers: items.length, open: open.length, half_open: probing.length, forced: forced.length };
    if (items.length === 0) return { status: 'pass', summary: 'No integration is configured, so there is no breaker.', numbers };
    if (open.length) return { status: 'fail', summary: `${open.length} of ${items.length} breaker(s) are OPEN: ${open.map(name).join(', ')}; their decisions get integration_unavailable.`, numbers };
    if (probing.length || forced.length) {
      return { status: 'warn', summary: `${probing.length} breaker(s) probing (HALF_OPEN) and ${forced.length} held by an operator: ${[...new Set([...probing, ...forced])].map(name).join(', ')}.`, numbers };
    }
    return { status: 'pass', summary: `All ${items.length} breaker(s) are CLOSED.`, numbers };
  },
};
