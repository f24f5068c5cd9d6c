// One QueryClient setup for the server (prefetch, dehydrate) and the browser (hydrate): data
// crosses as superjson, so dates stay dates.
import { defaultShouldDehydrateQuery, QueryClient } from '@tanstack/react-query'
import superjson from 'superjson'

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Live views invalidate on events; nothing needs refetching on a timer or on focus.
      queries: { staleTime: 30_000, refetchOnWindowFocus: false },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === 'pending',
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  })
}
