/*
 * Parsers for environment values: each takes the raw string and returns the value or throws an Error whose
 * message says what is wrong with it. The caller puts the variable's name and value in front.
 */
export type Parse<T> = (raw: string) => T;

export const text: Parse<string> = (raw) => raw;

export const csv: Parse<string[]> = (raw) => raw.split(',').map((s) => s.trim()).filter(Boolean);

/** Only `true|false|1|0`: a typo such as `ture` or `yes` stops the start instead of meaning false. */
export const strictBoolean: Parse<boolean> = (raw) => {
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error('not a boolean (use true, false, 1 or 0)');
};

export function integer(min: number, max: number): Parse<number> {
  return (raw) => {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) throw new Error('not a whole number');
    if (n < min || n > max) throw new Error(`out of range (${min}..${max})`);
    return n;
  };
}

export const port: Parse<number> = (raw) => {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n > 65535) throw new Error('not a port');
  return n;
};

export function oneOf<const T extends string>(values: readonly T[]): Parse<T> {
  return (raw) => {
    if (!(values as readonly string[]).includes(raw)) throw new Error(`not one of ${values.join(', ')}`);
    return raw as T;
  };
}

export const httpUrl: Parse<string> = (raw) => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not an http(s) URL');
  return raw;
};

/** An http(s) URL template with the `{trace_id}` placeholder (the id is put in where it stands). */
export const traceViewerUrl: Parse<string> = (raw) => {
  if (!raw.includes('{trace_id}')) throw new Error('has no {trace_id} placeholder');
  httpUrl(raw.replaceAll('{trace_id}', '0'));
  return raw;
};

function urlWithProtocol(protocols: readonly string[], what: string): Parse<string> {
  return (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`not a URL (expected ${what})`);
    }
    if (!protocols.includes(url.protocol)) throw new Error(`not a ${what} URL (${protocols.join(' or ')})`);
    return raw;
  };
}

export const postgresUrl: Parse<string> = urlWithProtocol(['postgres:', 'postgresql:'], 'Postgres');

export const redisUrl: Parse<string> = urlWithProtocol(['redis:', 'rediss:'], 'Redis');

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration such as `90s`, `30m`, `6h` or `1d`, in ms, within `min`..`max` ms. */
export function duration(minMs: number, maxMs: number): Parse<number> {
  return (raw) => {
    const m = /^(\d{1,6})(s|m|h|d)$/.exec(raw.trim());
    if (!m) throw new Error('not a duration (a whole number and a unit: 90s, 30m, 6h, 1d)');
    const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
    if (ms < minMs || ms > maxMs) throw new Error(`out of range (${minMs / 1000}s..${maxMs / 86_400_000}d)`);
    return ms;
  };
}
