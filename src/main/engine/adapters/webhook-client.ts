import type { WebhookPost } from '../ports/webhook';
import { readBoundedBody } from './bounded-body';

export interface HttpWebhookOptions {
  /** How much of the receiver's answer is read (DECISIONOS_OUTBOUND_MAX_RESPONSE_BYTES); the rest is cut off. */
  maxResponseBytes: number;
}

/**
 * POSTs the alert and reports the status. A 3xx is returned as it is, never followed: the receiver is the
 * configured URL and nothing else. The answer itself is not used, so it is drained (connection reuse) up to
 * the cap and then cut off rather than buffered.
 */
export function createHttpWebhookPost(options: HttpWebhookOptions): WebhookPost {
  return async (url, body, timeoutMs) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The status is the answer; a body that breaks off or stalls past the timeout does not undo the delivery.
    await readBoundedBody(response, options.maxResponseBytes).catch(() => undefined);
    return { status: response.status };
  };
}
