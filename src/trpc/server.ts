import 'server-only'
// Server components call the same procedures in-process, as the signed-in user of the request,
// and hand what they read to the client components (HydrateClient), which then start with it.
import { cache, createElement, type ReactNode } from 'react'
import { dehydrate, HydrationBoundary } from '@tanstack/react-query'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { createHydrationHelpers } from '@trpc/react-query/rsc'
import { createCaller, type AppRouter } from '@/server/api/routers/root'
import { createTrpcContext } from '@/server/api/trpc'
import { createQueryClient } from './query-client'
import { HydrateJson } from './HydrateJson'
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

/**
 * The queries prefetched on the server, for the client components inside: as one JSON string
 * (HydrateJson.tsx says why). A query still pending carries its promise, which only React's
 * own encoding can stream, so then the object goes as it is.
 */
function HydrateClient({ children }: { children: ReactNode }) {
  const state = dehydrate(getQueryClient())
  if (state.queries.some((query) => query.promise)) return createElement(HydrationBoundary, { state }, children)
  return createElement(HydrateJson, { state: JSON.stringify(state) }, children)
}

/** `trpc.x.y.prefetch(input)` on the server, then `<HydrateClient>` around the client part. */
export const hydration = cache(async () => ({ trpc: createHydrationHelpers<AppRouter>(await serverApi(), getQueryClient).trpc, HydrateClient }))
