import type { Redis } from 'ioredis';

/** The server's maxmemory-policy, or null when it will not say (CONFIG can be renamed away on managed Redis). */
export async function readMaxmemoryPolicy(redis: Redis): Promise<string | null> {
  try {
    const answer = (await redis.config('GET', 'maxmemory-policy')) as string[];
    return answer[1] ?? null;
  } catch {
    return null;
  }
}
