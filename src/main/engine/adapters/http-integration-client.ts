import type { IntegrationClient } from '../ports/integration-client';
import { IntegrationCallError } from '../domain/integration-signals';
import { discardBody, readBoundedBody } from './bounded-body';

export interface HttpIntegrationClientOptions {
  /** The answer size cap when an integration sets no `max_response_bytes` (DECISIONOS_OUTBOUND_MAX_RESPONSE_BYTES). */
  maxResponseBytes: number;
}

/** `application/json` or any `+json` type (`application/problem+json`), parameters ignored. */
const isJsonType = (contentType: string | null) => /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test((contentType ?? '').trim());

/**
 * One POST with a timeout; anything but a 2xx JSON object within the size cap is a failure. Redirects are not
 * followed: an integration's URL is configured by an operator, and a 3xx could send the decision's inputs anywhere.
 */
export function createHttpIntegrationClient(options: HttpIntegrationClientOptions): IntegrationClient {
  return async (integration, body) => {
    const maxBytes = integration.max_response_bytes ?? options.maxResponseBytes;
    const callFailed = (error: unknown): IntegrationCallError => {
      const e = error as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') return new IntegrationCallError('timeout', `no answer within ${integration.timeout_ms} ms`);
      return new IntegrationCallError('fetch_error', (e.cause as Error | undefined)?.message ?? e.message);
    };
    let response: Response;
    try {
      response = await fetch(integration.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(integration.timeout_ms),
      });
    } catch (error) {
      throw callFailed(error);
    }
    if (response.status >= 300 && response.status < 400) {
      await discardBody(response);
      const to = response.headers.get('location');
      throw new IntegrationCallError('redirect', `HTTP ${response.status}${to ? ` to ${to.slice(0, 200)}` : ''}: redirects are not followed`);
    }
    if (!response.ok) {
      const preview = await readBoundedBody(response, 200).catch(() => null);
      const text = preview ? new TextDecoder().decode(preview.bytes) : '';
      throw new IntegrationCallError('fetch_error', `HTTP ${response.status}${text ? `: ${text}` : ''}`);
    }
    const contentType = response.headers.get('content-type');
    if (!isJsonType(contentType)) {
      await discardBody(response);
      throw new IntegrationCallError('bad_response', `the answer's content type is ${contentType ? contentType.slice(0, 100) : 'missing'}, not JSON`);
    }
    let read: Awaited<ReturnType<typeof readBoundedBody>>;
    try {
      read = await readBoundedBody(response, maxBytes);
    } catch (error) {
      throw callFailed(error);
    }
    if (!read.complete) throw new IntegrationCallError('bad_response', `the answer is larger than ${maxBytes} bytes`);
    let answer: unknown;
    try {
      answer = JSON.parse(new TextDecoder().decode(read.bytes));
    } catch {
      throw new IntegrationCallError('bad_response', 'the answer is not JSON');
    }
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) throw new IntegrationCallError('bad_response', 'the answer is not a JSON object');
    return answer as Record<string, unknown>;
  };
}
