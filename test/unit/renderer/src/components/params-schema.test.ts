import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldText, paramFields, paramsFromTexts } from '../../../../../src/renderer/src/components/params-schema';
import { BreakerParams, ChangeSettingParams, NoParams, RetryDeadLettersParams, UnblockTasksParams } from '../../../../../src/shared/schemas/runbook';
import type { JsonObject } from '../../../../../src/shared/schemas/common';

const schemaOf = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonObject;

describe('paramFields', () => {
  it("reads the runbook's params schemas as the engine sends them: lists of ids, required strings, none", () => {
    expect(paramFields(schemaOf(NoParams))).toEqual([]);
    expect(paramFields(schemaOf(RetryDeadLettersParams))).toEqual([{ name: 'job_ids', kind: 'string-list', required: false, description: null, options: [] }]);
    expect(paramFields(schemaOf(BreakerParams))).toEqual([{ name: 'integration', kind: 'string', required: true, description: null, options: [] }]);
    expect(paramFields(schemaOf(UnblockTasksParams)).map((f) => [f.name, f.kind])).toEqual([['task_ids', 'string-list'], ['reason_code', 'string']]);
  });

  it("renders change-setting's form from its schema: the setting to pick, the value, and the optional target with what it names", () => {
    const fields = paramFields(schemaOf(ChangeSettingParams));
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([['name', 'enum', true], ['value', 'integer', true], ['target', 'string', false]]);
    expect(fields[0]?.options).toEqual(expect.arrayContaining(['idempotency_ttl_ms', 'failure_threshold', 'open_cooldown_seconds', 'half_open_probe_count', 'rate_limit_per_minute']));
    expect(fields[2]?.description).toMatch(/integration .* or workspace/);
    // What the form sends for a per-integration setting is what the action parses.
    const texts = { name: 'failure_threshold', value: '2', target: 'sanctions' };
    expect(ChangeSettingParams.parse(paramsFromTexts(fields, texts).params)).toEqual({ name: 'failure_threshold', value: 2, target: 'sanctions' });
  });

  it('knows numbers, integers, booleans and enums, and calls anything else other', () => {
    const schema = schemaOf(z.strictObject({ hours: z.number().int(), ratio: z.number(), dry: z.boolean(), mode: z.enum(['a', 'b']), nested: z.object({ x: z.string() }) }));
    expect(paramFields(schema).map((f) => [f.name, f.kind, f.options])).toEqual([['hours', 'integer', []], ['ratio', 'number', []], ['dry', 'boolean', []], ['mode', 'enum', ['a', 'b']], ['nested', 'other', []]]);
  });
});

describe('paramsFromTexts', () => {
  const fields = paramFields(schemaOf(z.strictObject({ job_ids: z.array(z.string()).optional(), hours: z.number().int(), note: z.string().optional() })));

  it('splits lists on commas and lines, reads numbers, and leaves empty optional fields out', () => {
    expect(paramsFromTexts(fields, { job_ids: 'a, b\n c,,', hours: '24', note: '  ' })).toEqual({ params: { job_ids: ['a', 'b', 'c'], hours: 24 }, errors: {} });
  });

  it('says which field is missing or not a number, and the params parse as the action expects', () => {
    expect(paramsFromTexts(fields, { hours: '1.5' }).errors).toEqual({ hours: 'a whole number' });
    expect(paramsFromTexts(fields, {}).errors).toEqual({ hours: 'required' });
    // The Dead letters screen's selection, shown in the form and read back: what the action parses.
    const retryFields = paramFields(schemaOf(RetryDeadLettersParams));
    const texts = Object.fromEntries(retryFields.map((f) => [f.name, fieldText(f, ['j-1', 'j-2'])]));
    expect(texts).toEqual({ job_ids: 'j-1\nj-2' });
    expect(RetryDeadLettersParams.parse(paramsFromTexts(retryFields, texts).params)).toEqual({ job_ids: ['j-1', 'j-2'] });
  });
});
