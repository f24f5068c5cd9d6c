// Alerts: fired alerts (acknowledge) and the rules, rendered on the server first.
import { allows } from '@/server/domain/access'
import { hydration, serverApi } from '@/trpc/server'
import { AlertsView } from '@/components/alerts/AlertsView'

export const dynamic = 'force-dynamic'

export default async function AlertsPage() {
  const { trpc, HydrateClient } = await hydration()
  const me = await (await serverApi()).me()
  const canAdmin = allows(me, 'admin')
  await Promise.all([trpc.alerts.list.prefetch({}), trpc.alerts.rules.prefetch(), canAdmin ? trpc.services.list.prefetch() : undefined])
  return (
    <HydrateClient>
      <AlertsView canOperate={allows(me, 'operate')} canAdmin={canAdmin} />
    </HydrateClient>
  )
}
