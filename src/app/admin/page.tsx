import { serverApi } from '@/trpc/server'
import { AdminPanel } from './AdminPanel'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Users and API keys · Execution console' }

export default async function AdminPage() {
  const api = await serverApi()
  const me = await api.me()
  if (me.role !== 'admin') return <p role="alert">Only admins manage users and API keys.</p>
  return <AdminPanel organizations={[...me.organizations]} />
}
