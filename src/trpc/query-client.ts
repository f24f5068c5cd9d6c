// One QueryClient setup for the server (prefetch, dehydrate) and the browser (hydrate): data
// crosses in superjson's format (src/trpc/transformer.ts), so dates stay dates.
import { defaultShouldDehydrateQuery, QueryClient } from '@tanstack/react-query'
import { deserialize, serialize } from './transformer'

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Live views invalidate on events; nothing needs refetching on a timer or on focus.
      queries: { staleTime: 30_000, refetchOnWindowFocus: false },
      dehydrate: {
        serializeData: serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === 'pending',
      },
      hydrate: { deserializeData: deserialize },
    },
  })
}
