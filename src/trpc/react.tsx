'use client'
// The browser's tRPC client over TanStack Query.
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { httpBatchLink, httpSubscriptionLink, loggerLink, splitLink } from '@trpc/client'
import { createTRPCReact } from '@trpc/react-query'
import { useState, type ReactNode } from 'react'
import { transformer } from './transformer'
import type { AppRouter } from '@/server/api/routers/root'
import { createQueryClient } from './query-client'
import { MAX_TRPC_BATCH } from './limits'

export const api = createTRPCReact<AppRouter>()

// One client for the browser's lifetime (a new one per server render).
let browserQueryClient: QueryClient | undefined
const getQueryClient = () => (typeof window === 'undefined' ? createQueryClient() : (browserQueryClient ??= createQueryClient()))

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(getQueryClient)
  const [trpcClient] = useState(() =>
    api.createClient({
      links: [
        loggerLink({ enabled: (op) => process.env.NODE_ENV === 'development' && op.direction === 'down' && op.result instanceof Error }),
        // Subscriptions over Server-Sent Events; they resume from the last tracked event id.
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({ url: '/api/trpc', transformer }),
          false: httpBatchLink({ url: '/api/trpc', transformer, maxItems: MAX_TRPC_BATCH }),
        }),
      ],
    }),
  )
  return (
    <QueryClientProvider client={queryClient}>
      <api.Provider client={trpcClient} queryClient={queryClient}>
        {children}
      </api.Provider>
    </QueryClientProvider>
  )
}
