import type { z } from 'zod';
import { AppError } from '../../../../shared/errors';
import { contract, type OpName, type OpParsed } from '../../../../shared/contract';
import { hasScope } from '../../../../shared/scopes';
import type { Principal } from '../../ports/records';
import type { RateLimiter } from '../../ports/rate-limiter';
import { MAX_INPUT_DEPTH, nestsDeeperThan } from '../../domain/json-depth';
import type { KeyAuthenticator } from './keys';
import type { CallContext, OpResult, Operations } from '../operations';
import { newId } from '../ids';

/** How a caller proves who it is: a presented API key (HTTP) or a principal the host vouches for (IPC). */
export type Credentials = { key: string | undefined } | { principal: Principal };

/** About the call rather than the caller: the transport's request id (HTTP's X-Request-Id), recorded on audit events. */
export interface CallInfo {
  requestId?: string;
}

export type Dispatch = <K extends OpName>(name: K, raw: unknown, credentials: Credentials, call?: CallInfo) => Promise<OpResult<K>>;

/** Zod's issues as one sentence for people and a list for programs. */
export function validationError(error: z.ZodError): AppError {
  const issues = error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message, code: i.code }));
  const first = issues[0];
  const sentence = first ? `${first.path}: ${first.message}` : 'the request does not match the schema';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return new AppError('validation_failed', `invalid request: ${sentence}${more}`, { issues });
}

/**
 * The boundary every transport goes through, in this order: who is calling, may they, is their
 * workspace over its budget, is the input valid; only then the operation runs.
 */
export function createDispatcher(o: {
  operations: Operations;
  authenticator: KeyAuthenticator;
  rateLimiter: RateLimiter;
  /** A workspace's calls a minute when an operator changed them for it (change-setting); null: the configured budget. */
  rateLimitOf?: (workspaceId: string) => Promise<number | null>;
  /** Production mode: recognises a backend that is down, so the caller gets 503 `unavailable` rather than 500. */
  unavailable?: (error: unknown) => AppError | null;
}): Dispatch {
  const dispatch: Dispatch = async (name, raw, credentials, call = {}) => {
    const op = contract[name];
    let principal: Principal | null = null;
    if (op.scope !== 'public') {
      principal = 'principal' in credentials ? credentials.principal : await o.authenticator.authenticate(credentials.key);
      if (!hasScope(principal.scopes, op.scope)) {
        const why = op.scope === 'system'
          ? ': it changes what every workspace shares, so it needs a key with the system scope (the local admin key, or `decisionos keys create --scopes system`)'
          : '';
        throw new AppError('forbidden', `this key lacks the '${op.scope}' scope needed for ${name}${why}`);
      }
      if ('rateLimit' in op && op.rateLimit) {
        const points = (await o.rateLimitOf?.(principal.workspaceId)) ?? undefined;
        const waitMs = await o.rateLimiter.take(`${principal.workspaceId}|${op.rateLimit}`, points);
        if (waitMs > 0) {
          const seconds = Math.ceil(waitMs / 1000);
          throw new AppError('rate_limited', `workspace ${principal.workspaceId} is over its ${op.rateLimit} budget; retry in ${seconds} s`, {
            retry_after_s: seconds,
          });
        }
      }
    }
    // Before validation: zod walks nested input recursively, and 2,000 levels overflow its stack (a 500).
    if (nestsDeeperThan(raw, MAX_INPUT_DEPTH)) {
      throw new AppError('too_deep', `the input nests deeper than ${MAX_INPUT_DEPTH} levels; flatten it`);
    }
    const parsed = op.input.safeParse(raw ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    const handler = o.operations[name] as (input: OpParsed<typeof name>, ctx: CallContext) => Promise<OpResult<typeof name>>;
    // A transport without request ids (IPC) still gets one per call, so its audit events can be told apart.
    return handler(parsed.data as OpParsed<typeof name>, { principal, requestId: call.requestId ?? newId('req') });
  };
  const unavailable = o.unavailable;
  if (!unavailable) return dispatch;
  return async (name, raw, credentials, call) => {
    try {
      return await dispatch(name, raw, credentials, call);
    } catch (error) {
      throw unavailable(error) ?? error;
    }
  };
}
