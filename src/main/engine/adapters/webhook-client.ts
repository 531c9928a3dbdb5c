import type { WebhookPost } from '../ports/webhook';

export const httpWebhookPost: WebhookPost = async (url, body, timeoutMs) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.arrayBuffer(); // drain, so the connection is reused
  return { status: response.status };
};
