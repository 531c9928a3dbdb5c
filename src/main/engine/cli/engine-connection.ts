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

export interface EngineConnection {
  call<K extends OpName>(name: K, input: Record<string, unknown>): Promise<OpOutput<K>>;
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

async function overHttp<K extends OpName>(base: string, key: string, name: K, input: Record<string, unknown>): Promise<OpOutput<K>> {
  const { url, method, body } = request(name, input, base);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      body,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED') throw new NotAnswering(`nothing answers at ${base}`);
    throw new Error(`${url.origin}: ${(error as Error).message}`, { cause: error });
  }
  const answer = (await response.json().catch(() => null)) as (OpOutput<K> & { error?: { code: string; message: string } }) | null;
  if (response.ok && answer) return answer;
  const code = answer?.error?.code;
  const message = answer?.error?.message ?? `HTTP ${response.status}`;
  if (isErrorCode(code)) throw new AppError(code, message);
  throw new Error(`${url.origin} answered ${response.status}: ${message}`);
}

function localKey(config: EngineConfig): string {
  const file = path.join(config.dataDir, ADMIN_KEY_FILE);
  if (!fs.existsSync(file)) throw new UsageError(`no --key given and no ${file}: pass --key`);
  return fs.readFileSync(file, 'utf8').trim();
}

/** An engine in this process, started on the first call: no listening port, no worker. */
function inProcess(config: EngineConfig, key: string) {
  let handle: EngineHandle | null = null;
  let started: ReturnType<EngineHandle['start']> | null = null;
  return {
    async call<K extends OpName>(name: K, input: Record<string, unknown>): Promise<OpOutput<K>> {
      if (!started) {
        if (backendMode(config) === 'embedded' && !fs.existsSync(path.join(config.dataDir, DATABASE_FILE))) {
          throw new Error(`no engine answers at http://127.0.0.1:${config.port} and ${config.dataDir} holds no database`);
        }
        handle = createEngine({ ...config, workerConcurrency: 0 }, { listen: false, logger: createLogger({ production: config.production, level: 'silent' }) });
        started = handle.start();
      }
      const engine = await started;
      return (await engine.dispatch(name, input, { key })).body;
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
    return { call: (name, input) => overHttp(url, key, name, input), close: async () => undefined };
  }
  const config = configFromEnv(process.env, { dataDir: o.dataDir });
  const key = o.key ?? localKey(config);
  const local = `http://127.0.0.1:${config.port}`;
  let fallback: ReturnType<typeof inProcess> | null = null;
  return {
    async call(name, input) {
      if (fallback) return fallback.call(name, input);
      try {
        return await overHttp(local, key, name, input);
      } catch (error) {
        if (!(error instanceof NotAnswering)) throw error;
        fallback = inProcess(config, key);
        return fallback.call(name, input);
      }
    },
    close: async () => fallback?.close(),
  };
}
