// Sign-in with Better Auth: email and password (hashed by it with scrypt), sessions in the
// database through its Prisma adapter, an httpOnly SameSite=Lax cookie in the browser.
// Nobody signs themselves up: admins create users (see users.ts).
import { config } from '../config'
import { betterAuth } from 'better-auth'
import { prismaAdapter } from 'better-auth/adapters/prisma'
import type { Db } from '../db/client'
import { derivedSecret } from '../security/crypto'
import { addressedHost, CLIENT_IP_HEADER } from './request'
import type { Redis as RedisClient } from 'ioredis'
import { RateLimiterRes } from 'rate-limiter-flexible'
import { rateLimiter } from '../ops/redis'

export interface SessionStarted {
  userId: string
  ipAddress?: string | null
  userAgent?: string | null
}

/**
 * `onSignIn` hears of every new session (for the audit trail); `redis`, when several processes
 * share one (REDIS_URL), is where sign-in attempts are counted, so the limit holds across them.
 */
export function createBetterAuth(db: Db, hooks: { onSignIn?: (session: SessionStarted) => void; redis?: RedisClient } = {}) {
  return betterAuth({
    appName: 'Execution console',
    database: prismaAdapter(db, { provider: 'sqlite' }),
    // AUTH_SECRET signs session cookies; without it one is derived from the encryption key.
    secret: config().AUTH_SECRET || derivedSecret('better-auth session cookies'),
    // CONSOLE_URL pins the public address; else whichever host the console is reached at
    // (CONSOLE_HOSTS narrows it, comma-separated; wildcards as in "*.example.com").
    baseURL: config().CONSOLE_URL || { allowedHosts: (config().CONSOLE_HOSTS || '*').split(','), protocol: 'auto' },
    // The console is reached at whatever host and port it is served on: that host is trusted
    // (behind Next, request.url need not carry it; the Host header does). A proxy's
    // X-Forwarded-Host counts only when TRUST_PROXY=1 says one sets it.
    trustedOrigins: (request) => {
      const host = request ? addressedHost(request) : null
      return host ? [`http://${host}`, `https://${host}`] : []
    },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    // Nobody signs up, and an account is the admins' to change: a user's own name (shown to every
    // admin and in the audit trail) or email is not theirs to rewrite, nor is the account theirs to delete.
    disabledPaths: ['/update-user', '/change-email', '/delete-user', '/link-social', '/unlink-account'],
    user: {
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'viewer', input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    telemetry: { enabled: false },
    // Secure cookies in production (browsers accept them on https and on localhost); a console
    // served over plain http on another host sets AUTH_SECURE_COOKIES=0.
    // The client's address as the console's own server stamped it (a client's X-Forwarded-For is not trusted).
    advanced: { useSecureCookies: secureCookies(), ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] } },
    databaseHooks: {
      session: {
        create: {
          after: async (session) => hooks.onSignIn?.(session),
        },
      },
    },
    // Sign-in attempts are limited per address by Better Auth itself (its rules: 3 sign-ins in 10 s),
    // counted in Redis across processes when they share one.
    rateLimit: {
      enabled: config().NODE_ENV === 'production' || config().AUTH_RATE_LIMIT,
      window: 60,
      max: 30,
      // Better Auth's own rule for a password sign-in, 3 in 10 s, locked an operator out after a
      // typo and two retries (and counted successes): 10 a minute an address still stops guessing.
      customRules: { '/sign-in/email': { window: 60, max: 10 } },
      ...(hooks.redis ? { customStorage: sharedRateLimits(hooks.redis) } : {}),
    },
  })
}

export type BetterAuth = ReturnType<typeof createBetterAuth>

function secureCookies(): boolean | undefined {
  const { AUTH_SECURE_COOKIES, CONSOLE_URL } = config()
  if (AUTH_SECURE_COOKIES !== undefined) return AUTH_SECURE_COOKIES
  return CONSOLE_URL ? CONSOLE_URL.startsWith('https://') : undefined
}

/** Better Auth's rate limits counted in Redis, as the API keys' are (ops/redis.ts). */
function sharedRateLimits(redis: RedisClient) {
  const limiters = new Map<string, ReturnType<typeof rateLimiter>>()
  const limiterOf = (window: number, max: number) => {
    const rule = `${window}:${max}`
    let limiter = limiters.get(rule)
    if (!limiter) limiters.set(rule, (limiter = rateLimiter(redis, `auth-rate:${rule}`, max, window)))
    return limiter
  }
  return {
    async consume(key: string, rule: { window: number; max: number }): Promise<{ allowed: boolean; retryAfter: number | null }> {
      try {
        await limiterOf(rule.window, rule.max).consume(key)
        return { allowed: true, retryAfter: null }
      } catch (result) {
        if (!(result instanceof RateLimiterRes)) throw result
        return { allowed: false, retryAfter: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) }
      }
    },
  }
}
