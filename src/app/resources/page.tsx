// Resources (docs/resources.md): each resource's capacity, what is in use and what waits for it,
// over time; admins create resources and change their capacity. Rendered on the server first.
import { allows } from '@/server/domain/access'
import { hydration, serverApi } from '@/trpc/server'
import { ResourcesView } from '@/components/resources/ResourcesView'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Resources · Execution console' }

export default async function ResourcesPage() {
  const { trpc, HydrateClient } = await hydration()
  const me = await (await serverApi()).me()
  await trpc.resources.list.prefetch()
  return (
    <HydrateClient>
      <ResourcesView canAdmin={allows(me, 'admin')} organizations={me.named} />
    </HydrateClient>
  )
}
