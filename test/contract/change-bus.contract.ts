import { expect, it } from 'vitest';
import type { LiveEventKind } from '../../src/shared/schemas/events';
import type { ChangeBus } from '../../src/main/engine/ports/change-bus';

/** Two handles on one bus (for a shared backend: two processes), and a way to inject a raw message. */
export type BusPair = () => Promise<{ a: ChangeBus; b: ChangeBus; raw?: (text: string) => Promise<void> }>;

async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('not delivered in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** What every ChangeBus adapter must do: UIs of every process hear every change, in order, and nothing else. */
export function changeBusContract(pair: BusPair, o: { otherWriters: boolean }): void {
  it('a change published on one handle reaches subscribers on both, in order', async () => {
    const { a, b } = await pair();
    const onA: LiveEventKind[][] = [];
    const onB: LiveEventKind[][] = [];
    const endA = await a.subscribe((k) => onA.push(k));
    const endB = await b.subscribe((k) => onB.push(k));
    await a.publish(['decisions', 'tasks']);
    await a.publish(['queue']);
    await until(() => onA.length === 2 && onB.length === 2);
    expect(onA).toEqual([['decisions', 'tasks'], ['queue']]);
    expect(onB).toEqual(onA);
    await endA();
    await endB();
  });

  it('an ended subscription hears nothing more', async () => {
    const { a, b } = await pair();
    const heard: LiveEventKind[][] = [];
    const end = await b.subscribe((k) => heard.push(k));
    await a.publish(['alerts']);
    await until(() => heard.length === 1);
    await end();
    await a.publish(['breakers']);
    const witness: LiveEventKind[][] = [];
    const endWitness = await b.subscribe((k) => witness.push(k));
    await a.publish(['policies']);
    await until(() => witness.length === 1);
    expect(heard).toEqual([['alerts']]);
    await endWitness();
  });

  // Only a shared backend has other writers (another version, a stray PUBLISH); one process's bus has none.
  if (o.otherWriters) it('drops messages that are not change events (malformed, unknown kinds, oversized)', async () => {
    const { a, b, raw } = await pair();
    if (!raw) throw new Error('a shared backend must let the test publish raw messages');
    const heard: LiveEventKind[][] = [];
    const end = await b.subscribe((k) => heard.push(k));
    for (const text of ['not json', '{"kinds":["everything"]}', '{"kinds":[]}', JSON.stringify({ kinds: Array(100).fill('decisions') }), '{"kinds":"decisions"}']) await raw(text);
    await a.publish(['queue']);
    await until(() => heard.length >= 1);
    expect(heard).toEqual([['queue']]);
    await end();
  });
}
