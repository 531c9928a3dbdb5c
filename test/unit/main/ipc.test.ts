import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OP_NAMES, contract } from '../../../src/shared/contract';
import { createIpcHandler, trustedSenderCheck, type IpcSenderInfo } from '../../../src/main/ipc';
import type { Dispatch } from '../../../src/main/engine/services/access/dispatcher';
import { startTestEngine, samplePayment, type TestEngine } from '../../fixtures/engine';

const APP = 'http://127.0.0.1:43210';
const WINDOW_ID = 7;
const principal = { keyId: 'desktop', workspaceId: 'default', name: 'tester', scopes: ['admin' as const, 'system' as const] };
const trusted: IpcSenderInfo = { sender: { id: WINDOW_ID }, senderFrame: { url: `${APP}/decisions` } };
const isTrusted = trustedSenderCheck(APP, () => WINDOW_ID);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(async () => {
  await t.close();
});

/** A payload the operation's schema refuses: every input schema is strict, so an unknown field is refused. */
const refused = (name: (typeof OP_NAMES)[number]) => ({ __not_in_the_contract__: 1, ...(name === 'submitDecision' ? samplePayment() : {}) });

describe('IPC handler', () => {
  it.each(OP_NAMES)('%s: refuses a payload its schema refuses, without running it', async (name) => {
    expect(contract[name].input.safeParse(refused(name)).success).toBe(false);
    const dispatch = vi.fn(t.engine.dispatch) as unknown as Dispatch;
    const handle = createIpcHandler({ dispatch, principal, isTrustedSender: isTrusted });
    const reply = await handle(trusted, name, refused(name));
    expect(reply).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('answers a streamed download (exportAudit) with bad_request naming the HTTP path and the action, reading and auditing nothing', async () => {
    const pages = vi.spyOn(t.engine.store, 'auditExportPage');
    const handle = createIpcHandler({ dispatch: t.engine.dispatch, principal, isTrustedSender: isTrusted });
    const reply = await handle(trusted, 'exportAudit', { format: 'csv' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/\/api\/audit\/export.*export-audit/) } });
    expect(pages).not.toHaveBeenCalled();
    pages.mockRestore();
  });

  it.each(OP_NAMES)('%s: refuses a sender that is not the app window, without dispatching', async (name) => {
    const dispatch = vi.fn(t.engine.dispatch) as unknown as Dispatch;
    const handle = createIpcHandler({ dispatch, principal, isTrustedSender: isTrusted });
    for (const sender of [
      { sender: { id: 99 }, senderFrame: { url: `${APP}/` } },
      { sender: { id: WINDOW_ID }, senderFrame: { url: 'https://evil.example/' } },
      { sender: { id: WINDOW_ID }, senderFrame: null },
    ]) {
      expect(await handle(sender, name, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('answers a trusted sender with the operation result and status', async () => {
    const handle = createIpcHandler({ dispatch: t.engine.dispatch, principal, isTrustedSender: isTrusted });
    expect(await handle(trusted, 'health', {})).toMatchObject({ ok: true, status: 200, data: { status: 'ok' } });
    const submitted = await handle(trusted, 'submitDecision', samplePayment());
    expect(submitted).toMatchObject({ ok: true, status: 202, data: { status: 'queued' } });
  });

  it('answers an unknown operation with not_found and an unexpected error without its details', async () => {
    const handle = createIpcHandler({ dispatch: t.engine.dispatch, principal, isTrustedSender: isTrusted });
    expect(await handle(trusted, 'dropAllTables', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await handle(trusted, 'toString', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const failing = createIpcHandler({
      dispatch: (async () => {
        throw new Error('secret connection string leaked');
      }) as unknown as Dispatch,
      principal,
      isTrustedSender: isTrusted,
    });
    const reply = await failing(trusted, 'health', {});
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'internal error; see the application log' } });
  });
});
