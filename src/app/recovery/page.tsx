// Recovery strategies (seed 002's addRecoveryStrategy / removeRecoveryStrategy): what a failed
// step of the organisation's executions gets, by error code; rendered on the server first.
import { allows } from '@/server/domain/access'
import { hydration, serverApi } from '@/trpc/server'
import { RecoveryView } from '@/components/recovery/RecoveryView'

export const dynamic = 'force-dynamic'

export default async function RecoveryPage() {
  const { trpc, HydrateClient } = await hydration()
  const me = await (await serverApi()).me()
  const canOperate = allows(me, 'operate')
  await Promise.all([trpc.recovery.list.prefetch(), canOperate ? trpc.services.list.prefetch() : undefined])
  return (
    <HydrateClient>
      <RecoveryView canOperate={canOperate} organizations={me.named} />
    </HydrateClient>
  )
}
