import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import { appRouter } from '@/server/api/routers/root'
import { createTrpcContext } from '@/server/api/trpc'
import { withBodyLimit } from '@/server/auth/request'
import { MAX_BODY_BYTES } from '@/server/rest/app'

export const dynamic = 'force-dynamic'

const handler = async (request: Request) => {
  const req = await withBodyLimit(request, MAX_BODY_BYTES)
  if (req instanceof Response) return req
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: createTrpcContext,
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path} failed`, error)
    },
  })
}

export { handler as GET, handler as POST }
