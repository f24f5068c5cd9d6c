// Notification channels: an organisation's email lists and Slack-compatible webhooks (admins).
import { hydration, serverApi } from '@/trpc/server'
import { NotificationChannels } from '@/components/notifications/NotificationChannels'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Notification channels · Execution console' }

export default async function NotificationChannelsPage() {
  const me = await (await serverApi()).me()
  if (me.role !== 'admin') return <p role="alert">Only admins manage notification channels.</p>
  const { trpc, HydrateClient } = await hydration()
  await trpc.notificationChannels.list.prefetch()
  return (
    <HydrateClient>
      <NotificationChannels organizations={me.named} />
    </HydrateClient>
  )
}
