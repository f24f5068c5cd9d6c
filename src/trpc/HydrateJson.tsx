'use client'
// The client side of HydrateClient (server.ts): the prefetched queries arrive as one JSON string
// and are parsed here by JSON.parse. As an object, React's payload would encode and decode them
// value by value, with a reviver called on each one. On the list page that was about 3 ms of
// its server's 20 (bench/pages.ts), and the browser pays for it again.
import { HydrationBoundary, type DehydratedState } from '@tanstack/react-query'
import { useMemo, type ReactNode } from 'react'

export function HydrateJson({ state, children }: { state: string; children?: ReactNode }) {
  const parsed = useMemo(() => JSON.parse(state) as DehydratedState, [state])
  return <HydrationBoundary state={parsed}>{children}</HydrationBoundary>
}
