// tRPC setup: context (services + the acting operator), error mapping, procedures.
import { initTRPC, TRPCError } from '@trpc/server'
import superjson from 'superjson'
import { ZodError } from 'zod'
import { getServices, type AppServices } from '../context'
import type { Actor } from '../services/executions'
import { ServiceError } from '../services/errors'

export interface TrpcContext extends AppServices {
  actor: Actor
}

/** Until sign-in exists every request acts as the local operator. */
export async function createTrpcContext(): Promise<TrpcContext> {
  return { ...(await getServices()), actor: { type: 'operator', id: 'local-operator' } }
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

const kindToCode = { BAD_REQUEST: 'BAD_REQUEST', NOT_FOUND: 'NOT_FOUND', CONFLICT: 'CONFLICT', UNAVAILABLE: 'SERVICE_UNAVAILABLE' } as const

/** Service errors become tRPC errors with the same message. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next()
  if (!result.ok && ServiceError.is(result.error.cause)) {
    const cause = result.error.cause
    throw new TRPCError({ code: kindToCode[cause.kind], message: cause.message, cause })
  }
  return result
})

export const router = t.router
export const publicProcedure = t.procedure.use(mapErrors)
export const createCallerFactory = t.createCallerFactory
