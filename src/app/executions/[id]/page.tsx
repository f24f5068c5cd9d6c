// One execution: rendered on the server with what it holds, then kept live in the browser.
import { notFound } from 'next/navigation'
import { allows } from '@/server/domain/access'
import { hydration, serverApi } from '@/trpc/server'
import { ExecutionDetail } from '@/components/execution/ExecutionDetail'
import { EVENTS_QUERY, LOG_TAIL, REPLAYS_QUERY, STEPS_WITH_PAGE } from '@/components/execution/live-patch'

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
  // Unknown, or another organisation's, is the same 404. Found, its first state is the execution
  // and its first steps (one more tells whether others follow). A full read sent its checkpoints
  // and webhooks beside their panels' own reads, and read all 10,000 steps of a batch to send 100.
  const summary = await trpc.executions.summary({ id }).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'NOT_FOUND') notFound()
    throw error
  })
  const steps = await trpc.executions.steps({ id, limit: STEPS_WITH_PAGE + 1 })
  const more = steps.length > STEPS_WITH_PAGE
  // Checkpoints and webhooks, at the foot of the page, are read by their panels once it is in the
  // browser (as its charts are loaded): a running batch's checkpoints carry its 10,000 pending
  // steps, 140 KB of state for a panel that lists their times.
  await Promise.all([
    trpc.executions.logs.prefetch({ id, latest: true, limit: LOG_TAIL }),
    trpc.executions.events.prefetch(EVENTS_QUERY(id)),
    trpc.executions.events.prefetch(REPLAYS_QUERY(id)),
    trpc.services.list.prefetch(), // (the service's name in the header, from the first paint)
    // Whether the signed-in user watches it (the header's Watch toggle); an API key has no user.
    ...(me.kind === 'user' ? [trpc.notifications.watching.prefetch({ executionId: summary.$id })] : []),
  ])
  return (
    <HydrateClient>
      <ExecutionDetail
        id={summary.$id}
        // A long execution's first steps come with the page; the rest are read once it is in the browser.
        initial={{ ...summary, steps: more ? steps.slice(0, STEPS_WITH_PAGE) : steps }}
        stepsFrom={more ? STEPS_WITH_PAGE : undefined}
        resumeAfter={resumeAfter}
        canOperate={allows(me, 'operate')}
      />
    </HydrateClient>
  )
}
