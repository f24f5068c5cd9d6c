// The launchpad: start a workflow with input from a form drawn from its input schema.
import { allows } from '@/server/domain/access'
import { serverApi } from '@/trpc/server'
import { Launchpad, type LaunchableWorkflow } from '@/components/launch/Launchpad'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Launch · Execution console' }

export default async function LaunchPage({ searchParams }: { searchParams: Promise<{ workflow?: string; version?: string }> }) {
  const api = await serverApi()
  const [me, rows, query] = await Promise.all([api.me(), api.workflows.list(), searchParams])
  // One entry a workflow, its versions newest first (the list comes ordered by key, then version descending).
  const workflows = new Map<string, LaunchableWorkflow>()
  for (const w of rows) {
    const known = workflows.get(w.key)
    if (known) known.versions.push(w.version)
    else workflows.set(w.key, { key: w.key, name: w.name, service: w.serviceId, versions: [w.version] })
  }
  return (
    <section aria-labelledby="launch-title" className="flex max-w-3xl flex-col gap-4">
      <h1 id="launch-title" className="text-lg font-semibold">
        Launch a workflow
      </h1>
      {allows(me, 'operate') ? (
        <Launchpad
          workflows={[...workflows.values()]}
          organizations={me.named}
          initial={{ workflow: query.workflow, version: query.version ? Number(query.version) : undefined }}
        />
      ) : (
        <p className="text-sm">Your role ({me.role}) may look at executions but not start them: an operator or an admin launches workflows.</p>
      )}
    </section>
  )
}
