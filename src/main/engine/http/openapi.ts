import { z } from 'zod';
import { OP_NAMES, contract, pathParams, type OpDef, type OpName } from '../../../shared/contract';
import { ERROR_STATUS, ErrorEnvelope, type ErrorCode } from '../../../shared/errors';

// The OpenAPI 3.1 document of the HTTP API, derived from the contract: one operation per row (and per alias),
// zod 4's JSON Schema for inputs and outputs, the row's scope as its security requirement, and its error codes
// as responses in the error envelope of shared/errors.ts. Nothing here lists an operation by hand.

/** A JSON object: a schema, an operation, a response. */
export type JsonRecord = { [key: string]: unknown };

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, JsonRecord>>;
  components: { schemas: Record<string, JsonRecord>; securitySchemes: Record<string, JsonRecord> };
}

const ERROR_REF = '#/components/schemas/Error';

// How server.ts reads a key (presentedKey): the x-api-key header or an Authorization bearer token.
const SECURITY_SCHEMES = {
  apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key (`decisionos keys create`).' },
  bearer: { type: 'http', scheme: 'bearer', description: 'An API key, or a session key from POST /api/session.' },
};

/** `/a/:x/b` -> `/a/{x}/b`. */
export const openApiPath = (path: string): string => path.replace(/:([a-z_]+)/g, '{$1}');

/** Answers every operation can give besides its row's own errors, from the row's method, scope and budget. */
function errorCodes(op: OpDef): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors);
  codes.add('validation_failed');
  codes.add('too_deep'); // the dispatcher refuses input nested past its depth cap, before any row's schema
  if (op.scope !== 'public') (['unauthorized', 'forbidden'] as const).forEach((c) => codes.add(c));
  if (op.rateLimit) codes.add('rate_limited');
  if (op.method === 'POST') (['invalid_json', 'payload_too_large', 'unsupported_media_type'] as const).forEach((c) => codes.add(c));
  codes.add('host_not_allowed');
  codes.add('internal');
  codes.add('unavailable'); // production mode: Postgres or Redis is down
  return [...codes];
}

/**
 * Turns zod schemas into JSON Schema for components: each conversion's $defs (zod's names for recursive parts,
 * such as z.json()) move to components.schemas, where refs must point in an OpenAPI document.
 */
class SchemaSet {
  readonly components: Record<string, JsonRecord> = {};
  private readonly prefixes = new Map<string, string>();

  add(schema: z.ZodType, io: 'input' | 'output', where: string): JsonRecord {
    const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonRecord;
    const { $schema: _dialect, $defs, ...root } = converted;
    const defs = ($defs ?? {}) as Record<string, JsonRecord>;
    if (Object.keys(defs).length === 0 && !JSON.stringify(root).includes('"$ref":"#"')) return root;
    // The same $defs from another conversion (the same nested schema) are stored once.
    const key = JSON.stringify(defs);
    const rootRefs = JSON.stringify(converted).includes('"$ref":"#"');
    const prefix = (!rootRefs && this.prefixes.get(key)) || where;
    const rename = (ref: string): string => {
      if (ref === '#') return `#/components/schemas/${where}`;
      const local = /^#\/\$defs\/(.+)$/.exec(ref)?.[1];
      return local === undefined ? ref : `#/components/schemas/${prefix}.${local.replace(/^_+/, '')}`;
    };
    const rewritten = rewriteRefs(root, rename);
    if (prefix === where) {
      this.prefixes.set(key, where);
      for (const [local, def] of Object.entries(defs)) {
        this.components[`${where}.${local.replace(/^_+/, '')}`] = rewriteRefs(def, rename);
      }
    }
    if (rootRefs) {
      this.components[where] = rewritten;
      return { $ref: `#/components/schemas/${where}` };
    }
    return rewritten;
  }
}

function rewriteRefs(value: JsonRecord, rename: (ref: string) => string): JsonRecord {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === '$ref' && typeof x === 'string' ? rename(x) : walk(x)]));
  };
  return walk(value) as JsonRecord;
}

const tagOf = (path: string): string => /^\/api\/([^/]+)/.exec(path)?.[1] ?? 'system';

function operation(name: OpName, schemas: SchemaSet): JsonRecord {
  const op: OpDef = contract[name];
  const input = schemas.add(op.input, 'input', `${name}.input`);
  const properties = (input.properties ?? {}) as Record<string, JsonRecord>;
  const required = (input.required ?? []) as string[];
  const inPath = pathParams(op.path);
  const rest = Object.keys(properties).filter((p) => !inPath.includes(p));
  const parameters = [
    ...inPath.map((p) => ({ name: p, in: 'path', required: true, schema: properties[p] ?? { type: 'string' } })),
    ...(op.method === 'GET' ? rest.map((p) => ({ name: p, in: 'query', required: required.includes(p), schema: properties[p] })) : []),
  ];
  const body: JsonRecord = input.properties
    ? { ...input, properties: Object.fromEntries(rest.map((p) => [p, properties[p]])), required: required.filter((p) => rest.includes(p)) }
    : input;

  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodes(op)) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const text = op.contentType === 'text';
  const download = { type: 'string', description: 'Streamed as it is produced; the file name is in Content-Disposition.' };
  const responses: Record<string, JsonRecord> = {
    '2XX': {
      description: 'Success.',
      content: op.contentType === 'stream'
        ? { 'application/x-ndjson': { schema: download }, 'text/csv': { schema: download } }
        : text
          ? { 'text/plain': { schema: schemas.add(op.output, 'output', `${name}.output`) } }
          : { 'application/json': { schema: schemas.add(op.output, 'output', `${name}.output`) } },
    },
  };
  if (op.revalidate) {
    responses['304'] = {
      description: 'Not modified: the If-None-Match header named the ETag this answer carries now (no body).',
      headers: { ETag: { schema: { type: 'string' } } },
    };
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `Error codes: ${codes.join(', ')}.`,
      content: { 'application/json': { schema: { $ref: ERROR_REF } } },
    };
  }
  return {
    operationId: name,
    summary: op.summary,
    tags: [tagOf(op.path)],
    ...(op.scope === 'public'
      ? { security: [] }
      : { security: [{ apiKey: [op.scope] }, { bearer: [op.scope] }], description: `Needs the \`${op.scope}\` scope.` }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.method === 'POST'
      ? { requestBody: { required: !input.properties || required.some((p) => rest.includes(p)), content: { 'application/json': { schema: body } } } }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(o: { version: string }): OpenApiDocument {
  const schemas = new SchemaSet();
  schemas.components.Error = schemas.add(ErrorEnvelope, 'output', 'Error');
  const paths: OpenApiDocument['paths'] = {};
  for (const name of OP_NAMES) {
    const op: OpDef = contract[name];
    const primary = operation(name, schemas);
    const entry = (path: string, value: JsonRecord) => {
      paths[openApiPath(path)] = { ...paths[openApiPath(path)], [op.method.toLowerCase()]: value };
    };
    entry(op.path, primary);
    // An alias answers the same operation; an operationId must be unique, so it has none.
    for (const alias of op.aliases ?? []) {
      const { operationId: _id, ...rest } = primary;
      entry(alias, { ...rest, description: `Alias of ${op.method} ${openApiPath(op.path)}.` });
    }
  }
  const tags = [...new Set(Object.values(paths).flatMap((item) => Object.values(item).flatMap((op) => op.tags as string[])))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'DecisionOS Workstation API',
      version: o.version,
      description: 'Generated from src/shared/contract.ts. Errors answer `{ "error": { "code", "message", "request_id" } }`.',
    },
    tags: tags.map((name) => ({ name })),
    paths,
    components: { schemas: schemas.components, securitySchemes: SECURITY_SCHEMES },
  };
}
