import { describe, expect, it } from 'vitest';
import { readBoundedBody } from '../../../../../src/main/engine/adapters/bounded-body';

/** A body of `chunks` chunks of `size` bytes, made on demand; `pulled` counts what was asked for, `cancelled` the cancel. */
function streamed(chunks: number, size: number, headers: Record<string, string> = {}) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === chunks) return controller.close();
      state.pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(120));
    },
    cancel() {
      state.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { response: new Response(body, { headers }), state };
}

describe('readBoundedBody', () => {
  it('reads an answer within the cap whole', async () => {
    const { response } = streamed(3, 100);
    const read = await readBoundedBody(response, 300);
    expect(read.complete).toBe(true);
    expect(read.bytes.byteLength).toBe(300);
  });

  it('stops at the first chunk past the cap and cancels the rest (300 MB are never pulled)', async () => {
    const { response, state } = streamed(4_800, 64 * 1024); // 300 MB if read to the end
    const read = await readBoundedBody(response, 64 * 1024 + 1);
    expect(read).toMatchObject({ complete: false });
    expect(read.bytes.byteLength).toBe(64 * 1024 + 1);
    expect(state.pulled).toBe(2);
    expect(state.cancelled).toBe(true);
  });

  it('refuses a declared Content-Length over the cap without reading', async () => {
    const { response, state } = streamed(10, 1_000, { 'content-length': '10000' });
    expect(await readBoundedBody(response, 5_000)).toMatchObject({ complete: false });
    expect(state.pulled).toBe(0);
  });
});
