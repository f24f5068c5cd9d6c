import { hydration, serverApi } from '@/trpc/server'
import { AdminPanel } from './AdminPanel'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Users and API keys · Execution console' }

export default async function AdminPage() {
  const api = await serverApi()
  const me = await api.me()
  if (me.role !== 'admin') return <p role="alert">Only admins manage users and API keys.</p>
  // Rendered with the lists, so a link to a row (/admin#key-…, from the audit trail) finds it.
  const { trpc, HydrateClient } = await hydration()
  const [organizations] = await Promise.all([api.myOrganizations(), trpc.users.list.prefetch(), trpc.apiKeys.list.prefetch()])
  return (
    <HydrateClient>
      <AdminPanel organizations={organizations} me={me.id} />
    </HydrateClient>
  )
}
