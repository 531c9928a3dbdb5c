import { expect, it } from 'vitest';
import type { SignalHistory } from '../../src/main/engine/ports/signal-history';
import { RollingBaseline } from '../../src/main/engine/domain/rolling-baseline';
import { VelocityCounter } from '../../src/main/engine/domain/velocity-counter';
import { REPORT_OUTCOMES, ReportWindow } from '../../src/main/engine/domain/affiliate-trust';
import { seededRandom } from '../../src/shared/seeded-random';

const T0 = 1_700_000_000_000;


/** What the domain's own classes answer for the same observations: every adapter must answer exactly this. */
function expectedObservations(values: number[]): { z: number; samples: number }[] {
  const baseline = new RollingBaseline();
  return values.map((value) => {
    const z = baseline.zScore(value);
    baseline.add(value);
    return { z, samples: baseline.count };
  });
}

/**
 * What every SignalHistory adapter must do: answer exactly as RollingBaseline and VelocityCounter would (the signal
 * engine's numbers, and so its decisions, must not depend on where the history lives). `open(n)` returns n
 * handles on one fresh, empty history, as n worker processes would hold.
 */
export function signalHistoryContract(open: (connections: number) => SignalHistory[]): void {
  it('scores amounts exactly as RollingBaseline does: 0 while warming up, then against the baseline before each value joins', async () => {
    const [history] = open(1) as [SignalHistory];
    const random = seededRandom(7);
    // Past 30 samples (scoring starts) and past 50 (the weight settles at alpha), with fractions and outliers.
    const values = Array.from({ length: 140 }, (_, i) => (i % 37 === 36 ? 25_000.5 : Math.round(random() * 20_000) / 100));
    const observed = [];
    for (const value of values) observed.push(await history.observeAmount('ws-1|payment_fraud_check', value));
    expect(observed).toEqual(expectedObservations(values));
    expect(observed.slice(0, 30).every((o) => o.z === 0)).toBe(true);
    expect(observed.some((o) => o.z >= 3)).toBe(true);
  });

  it('answers calls made all at once (a worker asks for a whole batch) as it answers them one by one, in call order', async () => {
    const [history] = open(1) as [SignalHistory];
    const random = seededRandom(11);
    const values = Array.from({ length: 80 }, () => Math.round(random() * 50_000) / 100);
    const subjects = values.map((_, i) => `subject-${i % 3}`);
    const batch = await Promise.all(values.map(async (value, i) => ({ score: await history.observeAmount('batch', value), hits: await history.hit(subjects[i] as string, T0 + i * 1_000) })));
    expect(batch.map((b) => b.score)).toEqual(expectedObservations(values));
    const reference = new VelocityCounter();
    expect(batch.map((b) => b.hits)).toEqual(subjects.map((subject, i) => reference.hit(subject, T0 + i * 1_000)));
  });

  it('scores a departure from a baseline with no spread as 10 in its own direction', async () => {
    const [history] = open(1) as [SignalHistory];
    for (let i = 0; i < 30; i += 1) await history.observeAmount('flat', 100);
    expect(await history.observeAmount('flat', 100)).toEqual({ z: 0, samples: 31 });
    const departure = await history.observeAmount('flat', 150);
    expect(departure).toEqual(expectedObservations([...Array(31).fill(100), 150]).at(-1));
    expect(departure.z).toBe(10);
    const [other] = open(1) as [SignalHistory];
    for (let i = 0; i < 30; i += 1) await other.observeAmount('flat', 100);
    expect((await other.observeAmount('flat', 40)).z).toBe(-10);
  });

  it('keeps one baseline per key', async () => {
    const [history] = open(1) as [SignalHistory];
    for (let i = 0; i < 5; i += 1) await history.observeAmount('ws-a|payment_fraud_check', 10 + i);
    expect(await history.observeAmount('ws-b|payment_fraud_check', 1_000)).toEqual({ z: 0, samples: 1 });
    expect((await history.observeAmount('ws-a|payment_fraud_check', 1_000)).samples).toBe(6);
  });

  it('counts events in (at - 60 s, at], this one included; older events roll out of the window', async () => {
    const [history] = open(1) as [SignalHistory];
    const counts = [];
    for (const at of [T0, T0 + 10_000, T0 + 59_999, T0 + 60_000, T0 + 60_000, T0 + 130_000]) counts.push(await history.hit('ws|t|cust-1', at));
    expect(counts).toEqual([1, 2, 3, 3, 4, 1]);
    expect(await history.hit('ws|t|cust-2', T0 + 130_000)).toBe(1);
  });

  it('counts a late event up to its own time, and nothing for one older than the newest event\'s window', async () => {
    const [history] = open(1) as [SignalHistory];
    await history.hit('late', T0 + 100_000);
    await history.hit('late', T0 + 110_000);
    // Within the newest event's window, and counted up to its own time only.
    expect(await history.hit('late', T0 + 105_000)).toBe(2);
    // At or before newest - window: dropped at once, it counts nothing, not even itself (as VelocityCounter does).
    expect(await history.hit('late', T0 + 20_000)).toBe(0);
    expect(await history.hit('late', T0 + 111_000)).toBe(4);
    // An event exactly at newest - window is gone too: a late event that would still reach it does not count it.
    await history.hit('edge', T0);
    await history.hit('edge', T0 + 60_000);
    expect(await history.hit('edge', T0 + 30_000)).toBe(1);
  });

  it('counts exactly as VelocityCounter does on a random sequence with out-of-order events', async () => {
    const [history] = open(1) as [SignalHistory];
    const reference = new VelocityCounter();
    const random = seededRandom(11);
    let now = T0;
    for (let i = 0; i < 300; i += 1) {
      now += Math.floor(random() * 8_000);
      const key = `ws|payment_fraud_check|cust-${Math.floor(random() * 3)}`;
      const at = random() < 0.2 ? now - Math.floor(random() * 90_000) : now;
      expect(await history.hit(key, at), `event ${i}`).toBe(reference.hit(key, at));
    }
  });

  it('loses no sample when several workers observe the same baseline at once', async () => {
    const handles = open(5);
    const observed = await Promise.all(Array.from({ length: 100 }, (_, i) => (handles[i % handles.length] as SignalHistory).observeAmount('shared', 100 + (i % 7))));
    expect(observed.map((o) => o.samples).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect((await handles[0]?.observeAmount('shared', 100))?.samples).toBe(101);
  });

  it('counts every event when several workers hit the same subject at once', async () => {
    const handles = open(5);
    const counts = await Promise.all(Array.from({ length: 60 }, (_, i) => (handles[i % handles.length] as SignalHistory).hit('burst', T0)));
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('tallies an affiliate\'s reports exactly as ReportWindow does: the last 50, each report id once, one window per key', async () => {
    const [history] = open(1) as [SignalHistory];
    const reference = new ReportWindow();
    const random = seededRandom(5);
    for (let i = 0; i < 160; i += 1) {
      const key = `ws|aff-${Math.floor(random() * 2)}`;
      const outcome = REPORT_OUTCOMES[Math.floor(random() * 3)] as (typeof REPORT_OUTCOMES)[number];
      // One in ten is a retry of an earlier report id.
      const id = random() < 0.1 && i > 0 ? `d-${Math.floor(random() * i)}` : `d-${i}`;
      expect(await history.recordReport(key, id, outcome), `report ${i}`).toEqual(reference.record(key, id, outcome));
    }
  });

  it('loses no report when several workers record the same affiliate at once', async () => {
    const handles = open(5);
    const tallies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (handles[i % handles.length] as SignalHistory).recordReport('ws|busy', `d-${i}`, i % 4 === 0 ? 'overclaimed' : 'clean')),
    );
    expect(tallies.map((t) => t.reports).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await handles[0]?.recordReport('ws|busy', 'd-0', 'overclaimed')).toEqual({ reports: 40, overclaimed: 10, missing: 0 });
  });
}
