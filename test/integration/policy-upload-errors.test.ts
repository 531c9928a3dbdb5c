import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ rateLimitPerMinute: 1_000 });
});
afterAll(async () => {
  await t?.close();
});

const rule = (id: string, expression: string) => ({ id, kind: 'threshold', applies_to: ['payment_fraud_check'], expression, code: 'test_rule', severity: 'low', message: 'test rule' });

it('reports every broken rule of an upload in one answer, each error once, with its rule id', async () => {
  const r = await t.request('POST', '/api/policies', {
    body: { name: 'two broken', rules: [rule('parse.error', 'inputs.amount >'), rule('good.one', 'inputs.amount > 5.0'), rule('not.bool', 'inputs.amount + 1.0'), rule('parse.error', 'inputs.amount > 1.0')] },
  });
  expect(r.status).toBe(422);
  const errors = r.body.error.details.rule_errors as { rule_id: string; message: string }[];
  expect(errors.map((e) => e.rule_id)).toEqual(['parse.error', 'not.bool', 'parse.error']);
  expect(errors.at(-1)?.message).toBe('duplicate rule id');
  expect(r.body.error.message).toBe('policy rejected: 2 rules failed validation (parse.error, not.bool)');
  const everything = JSON.stringify(r.body);
  for (const e of errors) expect(everything.split(JSON.stringify(e.message).slice(1, -1)).length - 1).toBe(1);
});
