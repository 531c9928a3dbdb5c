/** One POST of a JSON body; resolves with the HTTP status, rejects when nothing came back (network, timeout). */
export type WebhookPost = (url: string, body: unknown, timeoutMs: number) => Promise<{ status: number }>;
