// Failure analytics: rendered on the server for the service and range in the URL.
import { Suspense } from 'react'
import { allows } from '@/server/domain/access'
import { hydration, serverApi } from '@/trpc/server'
import { FailureAnalyticsView } from '@/components/analytics/FailureAnalyticsView'
import { analyticsInput, parseAnalyticsView } from '@/components/analytics/analytics-view'

export const dynamic = 'force-dynamic'

export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const input = analyticsInput(parseAnalyticsView(await searchParams))
  const { trpc, HydrateClient } = await hydration()
  const me = await (await serverApi()).me()
  await Promise.all([trpc.analytics.failures.prefetch(input), trpc.services.list.prefetch()])
  return (
    <HydrateClient>
      <Suspense>
        <FailureAnalyticsView canOperate={allows(me, 'operate')} initialInput={input} />
      </Suspense>
    </HydrateClient>
  )
}
