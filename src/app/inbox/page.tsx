// The reviewer inbox: every step waiting on a person, soonest due first, reviewed in place.
import { allows } from '@/server/domain/access'
import { hydration, serverApi } from '@/trpc/server'
import { ReviewInbox } from '@/components/inbox/ReviewInbox'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Review inbox · Execution console' }

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams
  const one = (v: string | string[] | undefined) => (typeof v === 'string' && v ? v.slice(0, 200) : undefined)
  const filter = { service: one(q.service), assignee: one(q.assignee) }
  const { trpc, HydrateClient } = await hydration()
  const me = await (await serverApi()).me()
  await Promise.all([trpc.inbox.prefetch(filter), trpc.services.list.prefetch()])
  return (
    <HydrateClient>
      <ReviewInbox filter={filter} canOperate={allows(me, 'operate')} />
    </HydrateClient>
  )
}
