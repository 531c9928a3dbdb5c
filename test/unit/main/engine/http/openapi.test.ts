import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { OP_NAMES, contract, pathParams, type OpDef } from '../../../../../src/shared/contract';
import { ERROR_STATUS } from '../../../../../src/shared/errors';
import { buildOpenApiDocument, openApiPath, type JsonRecord } from '../../../../../src/main/engine/http/openapi';

const doc = buildOpenApiDocument({ version: '9.9.9' });
const operationOf = (path: string, method: string) => doc.paths[openApiPath(path)]?.[method.toLowerCase()] as JsonRecord | undefined;

describe('the OpenAPI document built from the contract', () => {
  it('validates as OpenAPI 3.1 and every $ref in it resolves', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('has every contract row, under its path with {params}, its method and its name, and every alias', () => {
    for (const name of OP_NAMES) {
      const op: OpDef = contract[name];
      expect(operationOf(op.path, op.method)?.operationId, name).toBe(name);
      expect(operationOf(op.path, op.method)?.summary).toBe(op.summary);
      for (const alias of op.aliases ?? []) expect(operationOf(alias, op.method), `${name} alias ${alias}`).toBeDefined();
    }
    const count = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    const aliases = OP_NAMES.reduce((n, name) => n + ((contract[name] as OpDef).aliases?.length ?? 0), 0);
    expect(count).toBe(OP_NAMES.length + aliases);
    expect(Object.keys(doc.paths)).toContain('/api/governance/tasks/{task_id}/decision-trace');
    expect(Object.keys(doc.paths).join()).not.toContain(':');
  });

  it('puts path params in the path, GET input in the query and POST input in a JSON body', () => {
    for (const name of OP_NAMES) {
      const op: OpDef = contract[name];
      const operation = operationOf(op.path, op.method) as JsonRecord;
      const parameters = (operation.parameters ?? []) as { name: string; in: string; required: boolean }[];
      expect(parameters.filter((p) => p.in === 'path').map((p) => p.name), name).toEqual(pathParams(op.path));
      expect(parameters.every((p) => p.in !== 'path' || p.required)).toBe(true);
      if (op.method === 'POST') {
        expect(parameters.some((p) => p.in === 'query'), name).toBe(false);
        expect(operation.requestBody, name).toMatchObject({ content: { 'application/json': { schema: expect.any(Object) } } });
      } else {
        expect(operation.requestBody, name).toBeUndefined();
      }
    }
    for (const name of OP_NAMES.filter((n) => contract[n].method === 'GET')) {
      const op: OpDef = contract[name];
      const fields = Object.keys((op.input as unknown as { shape: object }).shape);
      const parameters = (operationOf(op.path, op.method)?.parameters ?? []) as { name: string }[];
      expect(parameters.map((p) => p.name).sort(), name).toEqual(fields.sort());
    }
    const submit = operationOf('/api/decisions', 'POST') as { requestBody: { required: boolean } };
    expect(submit.requestBody.required).toBe(true);
    const trace = operationOf('/api/governance/tasks/:task_id/decision-trace', 'GET') as JsonRecord;
    expect(trace.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'cursor', in: 'query', required: false })]));
    const review = operationOf('/api/governance/decisions/:decision_id/review', 'POST') as { requestBody: { content: { 'application/json': { schema: JsonRecord } } } };
    const body = review.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties as object)).not.toContain('decision_id');
    expect(Object.keys(body.properties as object).length).toBeGreaterThan(0);
  });

  it('gives each row its scope as the security requirement of the server key schemes, and public rows none', () => {
    expect(doc.components.securitySchemes).toMatchObject({
      apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      bearer: { type: 'http', scheme: 'bearer' },
    });
    for (const name of OP_NAMES) {
      const op: OpDef = contract[name];
      const security = operationOf(op.path, op.method)?.security;
      expect(security, name).toEqual(op.scope === 'public' ? [] : [{ apiKey: [op.scope] }, { bearer: [op.scope] }]);
    }
  });

  it("answers each row's error codes with their status and the error envelope", () => {
    expect(doc.components.schemas.Error).toMatchObject({
      type: 'object',
      required: ['error'],
      properties: { error: { properties: { code: { enum: Object.keys(ERROR_STATUS) } } } },
    });
    for (const name of OP_NAMES) {
      const op: OpDef = contract[name];
      const responses = operationOf(op.path, op.method)?.responses as Record<string, { description: string; content: Record<string, { schema: unknown }> }>;
      expect(Object.keys(responses), name).toContain('2XX');
      const codes = op.scope === 'public' ? op.errors : [...op.errors, 'unauthorized', 'forbidden'];
      for (const code of codes) {
        const response = responses[String(ERROR_STATUS[code as keyof typeof ERROR_STATUS])];
        expect(response?.description, `${name} ${code}`).toContain(code);
        expect(response?.content['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
    expect(Object.keys(operationOf('/api/decisions', 'POST')?.responses as object)).toContain('429');
  });
});
