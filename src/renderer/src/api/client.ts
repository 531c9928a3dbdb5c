import { contract, pathParams, type OpInput, type OpName, type OpOutput } from '../../../shared/contract';
import type { ErrorCode } from '../../../shared/errors';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Client = { [K in OpName]: (input: OpInput<K>) => Promise<OpOutput<K>> };

/** Splits a contract input into the URL (path params, and the query for GET) and the JSON body. */
export function httpRequestFor(name: OpName, input: Record<string, unknown>): { method: string; url: string; body?: string } {
  const op = contract[name];
  const rest = { ...input };
  let url: string = op.path;
  for (const param of pathParams(op.path)) {
    url = url.replace(`:${param}`, encodeURIComponent(String(rest[param])));
    delete rest[param];
  }
  if (op.method === 'GET') {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== null) query.set(k, String(v));
    const qs = query.toString();
    return { method: 'GET', url: qs ? `${url}?${qs}` : url };
  }
  return { method: op.method, url, body: JSON.stringify(rest) };
}

/**
 * The HTTP transport: the same operations against `npm run serve` (or a remote engine). Without `apiKey`
 * the browser's session cookie authenticates; `onUnauthorized` hears when the engine no longer accepts it.
 */
export function createHttpClient(baseUrl: string, o: { apiKey?: string; onUnauthorized?: (message: string) => void } = {}): Client {
  const call = async (name: OpName, input: unknown) => {
    const req = httpRequestFor(name, (input ?? {}) as Record<string, unknown>);
    const headers: Record<string, string> = {};
    if (o.apiKey) headers.authorization = `Bearer ${o.apiKey}`;
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${req.url}`, { method: req.method, headers, body: req.body });
    } catch (error) {
      throw new ApiError('network', `cannot reach the engine: ${(error as Error).message}`, 0);
    }
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    const body = isJson && text ? JSON.parse(text) : text;
    // A 503 from /ready is an answer (not ready), not a failure of the call.
    if (!response.ok && !(name === 'ready' && response.status === 503)) {
      const err = body?.error ?? { code: 'internal', message: `HTTP ${response.status}` };
      if (response.status === 401 && contract[name].scope !== 'public') o.onUnauthorized?.(err.message);
      throw new ApiError(err.code, err.message, response.status, err.details);
    }
    return body;
  };
  return Object.fromEntries(Object.keys(contract).map((name) => [name, (input: unknown) => call(name as OpName, input)])) as Client;
}

/** The IPC transport, used when the preload's bridge exists (inside the Electron window). */
export function createIpcClient(bridge: NonNullable<Window['decisionos']>): Client {
  const call = async (name: OpName, input: unknown) => {
    const reply = await bridge.invoke(name, input ?? {});
    if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message, 0, reply.error.details);
    return reply.data;
  };
  return Object.fromEntries(Object.keys(contract).map((name) => [name, (input: unknown) => call(name as OpName, input)])) as Client;
}
