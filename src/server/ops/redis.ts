// Connections to the Redis that several console processes share (REDIS_URL): the live-event bus
// (events/bus.ts) and the API keys' rate limits (auth/access.ts). A Redis that does not answer
// at start-up stops the start with a message that names it, instead of a console that hangs in
// ioredis's reconnect loop (ioredis retries forever by default).
import type { Redis as RedisClient, RedisOptions } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible'

/** How long start-up waits for Redis to answer. */
export const REDIS_CONNECT_TIMEOUT_MS = 10_000

/** The URL without its password, for messages and logs. */
export function redactedRedisUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'REDIS_URL'
  }
}

/**
 * A connected client, or an error naming the URL and what to do. `purpose` says what it is for,
 * in the error. Options are ioredis's (a subscriber wants the offline queue; a rate limiter must
 * fail fast instead, see auth/access.ts).
 */
export async function connectRedis(url: string, purpose: string, options: RedisOptions = {}): Promise<RedisClient> {
  const { Redis } = await import('ioredis')
  const client = new Redis(url, { lazyConnect: true, connectTimeout: REDIS_CONNECT_TIMEOUT_MS, ...options })
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_CONNECT_TIMEOUT_MS / 1000} s`)), REDIS_CONNECT_TIMEOUT_MS)
      }),
    ])
    return client
  } catch (error) {
    client.disconnect()
    throw new Error(
      `REDIS_URL: cannot reach Redis at ${redactedRedisUrl(url)} for ${purpose} (${(error as Error).message}); start it, correct REDIS_URL, or unset REDIS_URL to run one console process on its own`,
      { cause: error },
    )
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The API keys' rate limits' client (auth/access.ts): one that fails fast — no offline queue, one
 * retry, half a second a command (a Redis that stopped answering on an open connection fails no
 * command otherwise) — so an outage falls back to each process's own count instead of hanging
 * every request.
 */
export function connectRateLimitRedis(url: string): Promise<RedisClient> {
  return connectRedis(url, 'the API keys’ rate limits', { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500 })
}

/**
 * A rate limit (rate-limiter-flexible) of `points` a `duration` in seconds: counted in Redis when
 * several processes share one — one atomic count a request, so together they allow what one would —
 * with the process's own count standing in while Redis does not answer; else in the process.
 */
export function rateLimiter(redis: RedisClient | undefined, keyPrefix: string, points: number, duration: number): RateLimiterMemory | RateLimiterRedis {
  const own = new RateLimiterMemory({ points, duration })
  return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `execution-console:${keyPrefix}`, points, duration, insuranceLimiter: own }) : own
}
