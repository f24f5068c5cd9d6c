// tRPC over HTTP, as the console serves it (src/app/api/trpc) and the tests start it: the body
// limit, a path that is not a path refused as the client's error, then the router.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import type { AppServices } from '../context'
import { withBodyLimit } from '../auth/request'
import { decodedPath } from '../http/gate'
import { errorBody, refusalOf } from '../http/errors'
import { MAX_BODY_BYTES } from '../rest/app'
import { appRouter } from './routers/root'
import { trpcContextOf } from './trpc'

export function trpcHandler(services: () => Promise<AppServices>) {
  const createContext = trpcContextOf(services)
  return async (request: Request): Promise<Response> => {
    // tRPC decodes the path itself and answers a malformed escape (`/api/trpc/%E0`) with a 500.
    try {
      decodedPath(new URL(request.url).pathname)
    } catch (error) {
      return Response.json(errorBody(refusalOf(error)!), { status: 400 })
    }
    const req = await withBodyLimit(request, MAX_BODY_BYTES)
    if (req instanceof Response) return req
    return fetchRequestHandler({
      endpoint: '/api/trpc',
      req,
      router: appRouter,
      createContext,
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path} failed`, error)
      },
    })
  }
}
