import type { IntegrationClient } from '../ports/integration-client';
import { IntegrationCallError } from '../domain/integration-signals';

/** One POST with a timeout; anything but a 2xx JSON object is a failure. */
export const httpIntegrationClient: IntegrationClient = async (integration, body) => {
  let response: Response;
  try {
    response = await fetch(integration.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(integration.timeout_ms),
    });
  } catch (error) {
    const e = error as Error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new IntegrationCallError('timeout', `no answer within ${integration.timeout_ms} ms`);
    throw new IntegrationCallError('fetch_error', (e.cause as Error | undefined)?.message ?? e.message);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const e = error as Error;
    throw new IntegrationCallError(e.name === 'TimeoutError' ? 'timeout' : 'fetch_error', e.message);
  }
  if (!response.ok) throw new IntegrationCallError('fetch_error', `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new IntegrationCallError('bad_response', 'the answer is not JSON');
  }
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) throw new IntegrationCallError('bad_response', 'the answer is not a JSON object');
  return answer as Record<string, unknown>;
};
