import { z } from 'zod';

/**
 * Every error code the engine can answer with, once. Codes travel as data ({ code, message }) across
 * HTTP and IPC: `instanceof` does not survive a process boundary, a string does.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  too_deep: 400,
  bad_cursor: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  host_not_allowed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  not_blocked: 409,
  invalid_state: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_conflict: 422,
  invalid_policy: 422,
  rate_limited: 429,
  too_many_streams: 429,
  /** An operator throttled the affiliate (throttle-affiliate) and it used this minute's submissions; retry after `retry_after_s`. */
  affiliate_throttled: 429,
  internal: 500,
  not_ready: 503,
  /** An operator paused intake (pause-intake): submissions are refused until resume-intake; retry after `retry_after_s`. */
  intake_paused: 503,
  /** A backend (Postgres, Redis) is unreachable; retry after `retry_after_s` (a write cut off mid-commit may have been kept). */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** The envelope every error answers with, over HTTP and IPC alike. */
export const ErrorEnvelope = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
    request_id: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorEnvelope>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    // The code is written into the name too: name, message and stack are all that survive IPC.
    this.name = `AppError:${code}`;
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}
