// One execution: rendered on the server with what it holds, then kept live in the browser.
import { notFound } from 'next/navigation'
import { allows } from '@/server/domain/access'
import { hydration, serverApi } from '@/trpc/server'
import { ExecutionDetail } from '@/components/execution/ExecutionDetail'
import { EVENTS_QUERY, REPLAYS_QUERY, STEPS_WITH_PAGE } from '@/components/execution/live-patch'

export const dynamic = 'force-dynamic'

export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const { trpc, HydrateClient } = await hydration()
  const me = await (await serverApi()).me()
  // The newest event's id first, then the execution: the page's live watch resumes after that id
  // (a change in between is in the state and replayed too), so it is not sent the whole state again.
  const resumeAfter = await (
    await serverApi()
  ).executions
    .events({ id, latest: true, limit: 1 })
    .then((page) => page.items.at(-1)?.id)
    .catch(() => undefined)
  // Read once: unknown, or another organisation's, is the same 404; found, it is the page's first state.
  const found = await trpc.executions.get({ id }).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'NOT_FOUND') notFound()
    throw error
  })
  await Promise.all([
    trpc.executions.logs.prefetch({ id, latest: true, limit: 500 }),
    trpc.executions.events.prefetch(EVENTS_QUERY(id)),
    trpc.executions.events.prefetch(REPLAYS_QUERY(id)),
    trpc.executions.checkpoints.prefetch({ id }),
    trpc.executions.webhooks.prefetch({ id }),
    trpc.services.list.prefetch(), // (the service's name in the header, from the first paint)
  ])
  return (
    <HydrateClient>
      <ExecutionDetail
        id={found.$id}
        // A long execution's first steps come with the page; the rest are read once it is in the browser.
        initial={found.steps && found.steps.length > STEPS_WITH_PAGE ? { ...found, steps: found.steps.slice(0, STEPS_WITH_PAGE) } : found}
        stepsFrom={found.steps && found.steps.length > STEPS_WITH_PAGE ? STEPS_WITH_PAGE : undefined}
        resumeAfter={resumeAfter}
        canOperate={allows(me, 'operate')}
      />
    </HydrateClient>
  )
}
