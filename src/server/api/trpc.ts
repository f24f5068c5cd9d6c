// tRPC setup: context (services + who is asking), error mapping, and procedures by permission.
import { initTRPC, TRPCError } from '@trpc/server'
import superjson from 'superjson'
import { ZodError } from 'zod'
import { getServices, type AppServices } from '../context'
import type { Permission, Principal } from '../domain/access'
import { actorOf, authorize } from '../auth/access'
import { readsOf } from '../auth/reads'
import { crossSiteRefusal, clientIp } from '../auth/request'
import { ServiceError } from '../services/errors'

export interface TrpcContext extends AppServices {
  /** Null for a request that is neither signed in nor carries a valid API key. */
  principal: Principal | null
  /** Response headers (Retry-After), when served over HTTP. */
  resHeaders?: Headers
}

export async function createTrpcContext(opts: { req: Request; resHeaders?: Headers }): Promise<TrpcContext> {
  const services = await getServices()
  const principal = await services.access.principalOf(opts.req.headers, clientIp(opts.req.headers))
  // A signed-in browser's mutation must come from the console's own pages.
  const refusal = crossSiteRefusal(opts.req, principal)
  if (refusal) throw new TRPCError({ code: 'FORBIDDEN', message: refusal })
  return { ...services, principal, resHeaders: opts.resHeaders }
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause : null
    return {
      ...shape,
      message: zod ? zod.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') : shape.message,
      data: { ...shape.data, issues: zod?.issues ?? null },
    }
  },
})

const kindToCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
} as const

/** Service errors become tRPC errors with the same message. */
const mapErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next()
  if (!result.ok && ServiceError.is(result.error.cause)) {
    const cause = result.error.cause
    if (cause.retryAfter !== undefined) ctx.resHeaders?.set('retry-after', String(cause.retryAfter))
    throw new TRPCError({ code: kindToCode[cause.kind], message: cause.message, cause })
  }
  return result
})

/** Who may call: the principal's role or key scope is checked on the server for every call. */
const requires = (need: Permission) =>
  t.middleware(async ({ ctx, next }) => {
    const principal = authorize(ctx.principal, need)
    await ctx.access.admit(principal)
    return next({ ctx: { principal, actor: actorOf(principal), reads: readsOf(ctx, principal) } })
  })

export const router = t.router
const base = t.procedure.use(mapErrors)
/** Reads: any signed-in user or API key. */
export const readProcedure = base.use(requires('read'))
/** Lifecycle buttons, human steps, reporting by workers: operators and write keys. */
export const operateProcedure = base.use(requires('operate'))
/** Users, API keys, webhooks, alert rules, retention, the audit trail: admins. */
export const adminProcedure = base.use(requires('admin'))
export const createCallerFactory = t.createCallerFactory
