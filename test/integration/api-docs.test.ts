import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OP_NAMES, contract } from '../../src/shared/contract';
import { startTestEngine, type TestEngine } from '../fixtures/engine';

let t: TestEngine;

beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(async () => {
  await t.close();
});

describe('the API description', () => {
  it('serves the OpenAPI 3.1 document at /openapi.json without a key', async () => {
    const res = await t.request('GET', '/openapi.json', { key: null });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('application/json');
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.paths['/api/governance/decisions/{decision_id}'].get.operationId).toBe('getDecision');
  });

  it('serves /docs without a key: an HTML page with every operation, under the UI content security policy', async () => {
    const res = await t.request('GET', '/docs', { key: null });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/html');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    const html = String(res.body);
    for (const name of OP_NAMES) expect(html, name).toContain(`id="${name}"`);
    expect(html).toContain(contract.getDecisionTrace.path.replace(':task_id', '{task_id}'));
    expect(html).not.toMatch(/<script|https?:\/\/(?!json-schema)/);
    const css = await t.request('GET', '/docs/docs.css', { key: null });
    expect(css.status).toBe(200);
    expect(String(css.headers['content-type'])).toContain('text/css');
  });
});
