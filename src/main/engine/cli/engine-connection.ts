import fs from 'node:fs';
import path from 'node:path';
import { contract, pathParams, type OpName, type OpOutput } from '../../../shared/contract';
import { AppError, isErrorCode } from '../../../shared/errors';
import { backendMode, configFromEnv, type EngineConfig } from '../config';
import { ADMIN_KEY_FILE, DATABASE_FILE, createEngine, type EngineHandle } from '../engine';
import { createLogger } from '../adapters/logger';
import { UsageError } from './args';

/*
 * How a command reaches an engine: --url with --key; else the local engine's port with the data dir's admin key;
 * when nothing answers there, an engine started in this process on the data dir (no port, no worker). Either way
 * a call answers the contract's output or throws an AppError with the engine's code and message.
 */

export interface ConnectOptions {
  url?: string;
  key?: string;
  dataDir?: string;
  /** Named in the usage error when --url comes without --key, e.g. "the read scope". */
  keyNeeds: string;
}

/** A streamed answer (a `stream` row of the contract): its headers and its body as it arrives. */
export interface Download {
  headers: Record<string, string>;
  chunks: AsyncIterable<string | Uint8Array>;
}

export interface EngineConnection {
  call<K extends OpName>(name: K, input: Record<string, unknown>): Promise<OpOutput<K>>;
  /** Calls a `stream` row and hands back its body unread, so a big download never sits in memory. */
  download(name: OpName, input: Record<string, unknown>): Promise<Download>;
  /** Stops the engine started in this process, if one was. */
  close(): Promise<void>;
}

/** Nothing listens there: the local engine is not running. */
class NotAnswering extends Error {}

/** The HTTP request for a contract row: path params filled in, the rest as the query (GET) or the JSON body. */
function request(name: OpName, input: Record<string, unknown>, base: string): { url: URL; method: string; body?: string } {
  const op = contract[name];
  const rest = { ...input };
  let route: string = op.path;
  for (const param of pathParams(op.path)) {
    route = route.replace(`:${param}`, encodeURIComponent(String(rest[param])));
    delete rest[param];
  }
  const url = new URL(route, base);
  if (op.method === 'GET') {
    for (const [k, v] of Object.entries(rest)) url.searchParams.set(k, String(v));
    return { url, method: op.method };
  }
  return { url, method: op.method, body: JSON.stringify(rest) };
}

async function send(base: string, key: string, name: OpName, input: Record<string, unknown>, timeoutMs: number | null): Promise<Response> {
  const { url, method, body } = request(name, input, base);
  try {
    return await fetch(url, {
      method,
      body,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(timeoutMs === null ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
    });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED') throw new NotAnswering(`nothing answers at ${base}`);
    throw new Error(`${url.origin}: ${(error as Error).message}`, { cause: error });
  }
}

/** The engine's error answer as the AppError it stands for. */
async function failure(response: Response, answer: { error?: { code: string; message: string } } | null): Promise<Error> {
  const code = answer?.error?.code;
  const message = answer?.error?.message ?? `HTTP ${response.status}`;
  if (isErrorCode(code)) return new AppError(code, message);
  return new Error(`${new URL(response.url).origin} answered ${response.status}: ${message}`);
}

async function overHttp<K extends OpName>(base: string, key: string, name: K, input: Record<string, unknown>): Promise<OpOutput<K>> {
  const response = await send(base, key, name, input, 30_000);
  const answer = (await response.json().catch(() => null)) as (OpOutput<K> & { error?: { code: string; message: string } }) | null;
  if (response.ok && answer) return answer;
  throw await failure(response, answer);
}

/** No overall timeout: a download takes as long as it is big; a dead connection still fails it. */
async function downloadOverHttp(base: string, key: string, name: OpName, input: Record<string, unknown>): Promise<Download> {
  const response = await send(base, key, name, input, null);
  if (!response.ok || !response.body) throw await failure(response, (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null);
  return { headers: Object.fromEntries(response.headers), chunks: response.body as unknown as AsyncIterable<Uint8Array> };
}

export function localKey(config: EngineConfig): string {
  const file = path.join(config.dataDir, ADMIN_KEY_FILE);
  if (!fs.existsSync(file)) throw new UsageError(`no --key given and no ${file}: pass --key`);
  return fs.readFileSync(file, 'utf8').trim();
}

/** An engine in this process, started on the first call: no listening port, no worker. */
function inProcess(config: EngineConfig, key: string) {
  let handle: EngineHandle | null = null;
  let started: ReturnType<EngineHandle['start']> | null = null;
  const dispatch = async (name: OpName, input: Record<string, unknown>) => {
    if (!started) {
      if (backendMode(config) === 'embedded' && !fs.existsSync(path.join(config.dataDir, DATABASE_FILE))) {
        throw new Error(`no engine answers at http://127.0.0.1:${config.port} and ${config.dataDir} holds no database`);
      }
      handle = createEngine({ ...config, workerConcurrency: 0 }, { listen: false, logger: createLogger({ production: config.production, level: 'silent' }) });
      started = handle.start();
    }
    const engine = await started;
    return engine.dispatch(name, input, { key });
  };
  return {
    async call<K extends OpName>(name: K, input: Record<string, unknown>): Promise<OpOutput<K>> {
      return (await dispatch(name, input)).body as OpOutput<K>;
    },
    async download(name: OpName, input: Record<string, unknown>): Promise<Download> {
      const result = await dispatch(name, input);
      return { headers: result.headers ?? {}, chunks: result.body as AsyncIterable<string> };
    },
    async close() {
      await handle?.stop();
    },
  };
}

export function connectToEngine(o: ConnectOptions): EngineConnection {
  if (o.url) {
    if (!o.key) throw new UsageError(`--url needs --key (an API key with ${o.keyNeeds})`);
    const { url, key } = o;
    return { call: (name, input) => overHttp(url, key, name, input), download: (name, input) => downloadOverHttp(url, key, name, input), close: async () => undefined };
  }
  const config = configFromEnv(process.env, { dataDir: o.dataDir });
  const key = o.key ?? localKey(config);
  const local = `http://127.0.0.1:${config.port}`;
  let fallback: ReturnType<typeof inProcess> | null = null;
  /** Over HTTP to the local engine; when none answers, the data dir in this process from then on. */
  const either = async <T>(http: () => Promise<T>, here: (f: ReturnType<typeof inProcess>) => Promise<T>): Promise<T> => {
    if (fallback) return here(fallback);
    try {
      return await http();
    } catch (error) {
      if (!(error instanceof NotAnswering)) throw error;
      fallback = inProcess(config, key);
      return here(fallback);
    }
  };
  return {
    call: (name, input) => either(() => overHttp(local, key, name, input), (f) => f.call(name, input)),
    download: (name, input) => either(() => downloadOverHttp(local, key, name, input), (f) => f.download(name, input)),
    close: async () => fallback?.close(),
  };
}
