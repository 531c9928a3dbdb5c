import { type BenchRow, benchEngine, drain, int, payment, submitMany } from './lib';

/** Submit -> terminal inside one engine: API validation, idempotency, queue, worker, policy, audit writes. */
export async function benchEndToEnd(): Promise<BenchRow[]> {
  const engine = await benchEngine({ workerConcurrency: 1 });
  await submitMany(engine, 2_000, 64, (i) => payment(i)); // warm-up: JIT, caches, baseline signals
  await drain(engine);
  const n = 50_000;
  const t0 = performance.now();
  await submitMany(engine, n, 64, (i) => ({ ...payment(i), client_request_id: `e2e-${i}` }));
  await drain(engine);
  const perS = n / ((performance.now() - t0) / 1000);
  await engine.stop();
  return [
    {
      name: 'End-to-end embedded: submit -> terminal',
      result: `${int(perS)} decisions/s`,
      target: '>= 10,000 decisions/s',
      met: perS >= 10_000,
      note: '50,000 payments, 64 in flight, with client_request_id, 1 worker loop',
    },
  ];
}
