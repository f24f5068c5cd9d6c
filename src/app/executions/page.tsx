// The executions list: rendered on the server with the first page, then live in the browser.
import { Suspense } from 'react'
import { allows } from '@/server/domain/access'
import { hydration, serverApi } from '@/trpc/server'
import { ExecutionsView } from '@/components/executions/ExecutionsView'
import { listInput, parseView } from '@/components/executions/list-view'

export const dynamic = 'force-dynamic'

export default async function ExecutionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const view = parseView(await searchParams)
  const { trpc, HydrateClient } = await hydration()
  const me = await (await serverApi()).me()
  await Promise.all([trpc.executions.list.prefetch(listInput(view)), trpc.services.list.prefetch(), trpc.views.list.prefetch()])
  return (
    <HydrateClient>
      <Suspense>
        <ExecutionsView canOperate={allows(me, 'operate')} />
      </Suspense>
    </HydrateClient>
  )
}
