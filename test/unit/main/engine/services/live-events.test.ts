import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../../../../src/shared/schemas/events';
import { LiveEvents } from '../../../../../src/main/engine/services/live-events';
import { createMemoryChangeBus } from '../../../../../src/main/engine/adapters/memory-change-bus';

const clock = { now: () => Date.parse('2026-12-03T10:00:00Z') };

describe('LiveEvents', () => {
  it('coalesces a burst into one event per kind', async () => {
    const live = new LiveEvents(clock, 10);
    const seen: LiveEvent[] = [];
    live.subscribe((e) => seen.push(e));
    for (let i = 0; i < 100; i += 1) live.publish('decisions', 'queue');
    await expect.poll(() => seen.length).toBe(2);
    expect(seen.map((e) => e.kind).sort()).toEqual(['decisions', 'queue']);
    live.close();
  });

  it('with a bus, tells the listeners of another process what this one changed, even when this one has no listener', async () => {
    const bus = createMemoryChangeBus();
    const worker = new LiveEvents(clock, 10, bus); // a worker process: nobody watches its own UI
    const api = new LiveEvents(clock, 10, bus);
    const stopListening = await api.listenToBus();
    const seen: string[] = [];
    api.subscribe((e) => seen.push(e.kind));
    worker.publish('decisions');
    worker.publish('decisions', 'tasks');
    await expect.poll(() => seen.sort()).toEqual(['decisions', 'tasks']);
    await stopListening();
    worker.close();
    api.close();
  });
});
