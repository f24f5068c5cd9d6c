// tRPC setup: the context is the front door's gate (http/gate.ts); a procedure's permission
// admits the request and hands the procedure its scope — never the services themselves.
import { initTRPC, TRPCError } from '@trpc/server'
import { transformer } from '@/trpc/transformer'
import { MAX_TRPC_BATCH } from '@/trpc/limits'
import { getServices, type AppServices } from '../context'
import type { Permission, Principal } from '../domain/access'
import { gateFor, openGate, type Gate } from '../http/gate'
import { ANSWERS, INTERNAL_MESSAGE, refusalOf } from '../http/errors'

export interface TrpcContext {
  gate: Gate
  /** Response headers (Retry-After), when served over HTTP. */
  resHeaders?: Headers
}

/** The context of a request served over HTTP, by the services `services` gives (the console's, or a test's). */
export const trpcContextOf =
  (services: () => Promise<AppServices>) =>
  async (opts: { req: Request; resHeaders?: Headers; info?: { calls: readonly unknown[] } }): Promise<TrpcContext> => {
    const calls = opts.info?.calls.length ?? 1
    // Refused before anyone is let in: each call of the batch answers with this.
    if (calls > MAX_TRPC_BATCH)
      throw new TRPCError({ code: 'BAD_REQUEST', message: `a batch of ${calls} calls; at most ${MAX_TRPC_BATCH} in one request (send the rest in another)` })
    try {
      const { req, resHeaders } = opts
      const knock = { method: req.method, url: req.url, headers: req.headers, setCookie: resHeaders && ((cookie: string) => resHeaders.append('set-cookie', cookie)) }
      return { gate: await openGate(await services(), knock), resHeaders }
    } catch (error) {
      throw toTrpcError(error)
    }
  }

export const createTrpcContext = trpcContextOf(getServices)

/** The context of a call made in the server's own process (server components, tests) as a principal. */
export const contextFor = (services: AppServices, principal: Principal | null): TrpcContext => ({ gate: gateFor(services, principal) })

/** A refusal as the tRPC error of the same meaning and message (others pass as they are). */
function toTrpcError(error: unknown, headers?: Headers): unknown {
  const refusal = refusalOf(error)
  if (!refusal) return error
  if (refusal.retryAfter !== undefined) headers?.set('retry-after', String(refusal.retryAfter))
  return new TRPCError({ code: ANSWERS[refusal.kind].trpc, message: refusal.message, cause: refusal })
}

const t = initTRPC.context<TrpcContext>().create({
  transformer,
  errorFormatter({ shape, error }) {
    // Which input field a refusal is about (validation issues by path, or a service's one field): forms name it by its label.
    const cause = error.cause as { issues?: { path: string; message: string }[]; field?: string } | undefined
    // A failure that is not a refusal is said as REST says it (handler.ts logs it whole).
    const message = error.code === 'INTERNAL_SERVER_ERROR' ? INTERNAL_MESSAGE : shape.message
    return { ...shape, message, data: { ...shape.data, issues: cause?.issues ?? null, field: cause?.field ?? null } }
  },
})

/** Refusals of services and of input validation become tRPC errors with the front door's wording. */
const mapErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next()
  if (!result.ok) {
    const mapped = toTrpcError(result.error.cause ?? result.error, ctx.resHeaders)
    if (mapped instanceof TRPCError) throw mapped
  }
  return result
})

/** Who may call: the procedure's permission, checked on the server for every call; then the scope. */
const requires = (need: Permission) =>
  t.middleware(async ({ ctx, next }) => {
    try {
      return next({ ctx: { scope: await ctx.gate.admit(need) } })
    } catch (error) {
      throw toTrpcError(error, ctx.resHeaders)
    }
  })

/**
 * A subscription's stream with its refusals (an execution this principal may not see) as tRPC
 * errors: they surface while it is read, past the middleware that maps a call's.
 */
export async function* mappedStream<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* source
  } catch (error) {
    throw toTrpcError(error)
  }
}

/**
 * A subscription's stream, held as one of its principal's live streams (http/stream-quota.ts) while
 * it runs: past the limit it is refused (TOO_MANY_REQUESTS), and its refusals map as mappedStream's.
 */
export async function* heldStream<T>(scope: { holdStream: () => () => void }, source: AsyncIterable<T>): AsyncGenerator<T> {
  let release: () => void
  try {
    release = scope.holdStream()
  } catch (error) {
    throw toTrpcError(error)
  }
  try {
    yield* mappedStream(source)
  } finally {
    release()
  }
}

export const router = t.router
const base = t.procedure.use(mapErrors)
/** Reads: any signed-in user or API key. */
export const readProcedure = base.use(requires('read'))
/** Lifecycle buttons, human steps, reporting by workers: operators and write keys. */
export const operateProcedure = base.use(requires('operate'))
/** Users, API keys, webhooks, alert rules, retention, the audit trail: admins. */
export const adminProcedure = base.use(requires('admin'))
export const createCallerFactory = t.createCallerFactory
