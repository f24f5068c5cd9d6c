// The notification centre: the signed-in user's own notifications.
import { hydration, serverApi } from '@/trpc/server'
import { NotificationCentre } from '@/components/notifications/NotificationCentre'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Notifications · Execution console' }

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const unreadOnly = (await searchParams).unread === '1'
  const me = await (await serverApi()).me()
  if (me.kind !== 'user') return <p role="alert">Notifications belong to a signed-in user.</p>
  const { trpc, HydrateClient } = await hydration()
  await trpc.notifications.list.prefetch({ unreadOnly, limit: 200 })
  return (
    <HydrateClient>
      <NotificationCentre unreadOnly={unreadOnly} />
    </HydrateClient>
  )
}
