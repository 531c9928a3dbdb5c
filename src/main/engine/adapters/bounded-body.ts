/** What came of reading at most `maxBytes` of an answer: `complete` is false when there was more (then cut off). */
export interface BoundedBody {
  bytes: Uint8Array;
  complete: boolean;
}

/**
 * Reads a response body as a stream and stops as soon as it passes `maxBytes`: the rest is cancelled (the
 * connection is closed), so an upstream that answers 300 MB costs us `maxBytes` and not its whole answer.
 * `Response.text()` has no limit, hence this by hand. A declared Content-Length over the cap stops before reading.
 */
export async function readBoundedBody(response: Response, maxBytes: number): Promise<BoundedBody> {
  const body = response.body;
  if (!body) return { bytes: new Uint8Array(0), complete: true };
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await body.cancel().catch(() => undefined);
    return { bytes: new Uint8Array(0), complete: false };
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      size = maxBytes;
      await reader.cancel().catch(() => undefined);
      return { bytes: concat(chunks, size), complete: false };
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { bytes: concat(chunks, size), complete: true };
}

/** Drops an answer we will not read (a redirect, a wrong content type) and frees its connection. */
export async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
