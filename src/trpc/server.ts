import 'server-only'
// Server components call the same procedures in-process, as the signed-in user of the request,
// and hand what they read to the client components (HydrateClient), which then start with it.
import { cache } from 'react'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { createHydrationHelpers } from '@trpc/react-query/rsc'
import { createCaller, type AppRouter } from '@/server/api/routers/root'
import { createTrpcContext } from '@/server/api/trpc'
import { createQueryClient } from './query-client'
import { signInPath } from '@/server/auth/request'

/**
 * Who asks, found once a request: the layout (the sidebar's user) and the page share it. Each
 * look-up verifies the session cookie and reads the session, the user and the memberships; the
 * layout used to make its own.
 */
export const requestContext = cache(async () => createTrpcContext({ req: new Request('http://console.local/', { headers: await headers() }) }))

export const serverApi = cache(async () => {
  const context = await requestContext()
  // Back to the page asked for once signed in (a deep link survives sign-in).
  if (!context.gate.principal) redirect(signInPath(await headers()))
  return createCaller(context)
})

const getQueryClient = cache(createQueryClient)

/** `trpc.x.y.prefetch(input)` on the server, then `<HydrateClient>` around the client part. */
export const hydration = cache(async () => createHydrationHelpers<AppRouter>(await serverApi(), getQueryClient))
