import Link from 'next/link'
import { allows } from '@/server/domain/access'
import { serverApi } from '@/trpc/server'
import { formatDuration, formatKind, formatTime, naturalCompare } from '@/components/format'
import { MAX_DRAWN, StepGraph } from '@/components/definitions/StepGraph'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Definitions · Execution console' }

interface TemplateStep {
  id: string
  name?: string
  type: string
  task?: string
  taskVersion?: string
  dependsOn?: string[]
  condition?: string
  activation?: string
}

/**
 * Task definitions and workflow templates registered as data (docs/workflows.md): each task type
 * with its versions, each workflow with its versions and a graph of its steps.
 */
export default async function DefinitionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const api = await serverApi()
  const [tasks, workflows, me, services, q] = await Promise.all([api.definitions.tasks({}), api.workflows.list(), api.me(), api.services.list(), searchParams])
  const serviceNames = new Map(services.map((s) => [s.id, s.name]))
  const canLaunch = allows(me, 'operate')
  const severalOrganisations = new Set(tasks.map((t) => t.organization)).size > 1
  const taskTypes = new Map<string, typeof tasks>()
  for (const t of tasks) taskTypes.set(`${t.organization}/${t.id}`, [...(taskTypes.get(`${t.organization}/${t.id}`) ?? []), t])
  const templates = workflows.filter((w) => w.template !== null)
  const newest = new Map<string, (typeof templates)[number]>()
  for (const w of templates) if ((newest.get(w.key)?.version ?? 0) < w.version) newest.set(w.key, w)
  /** The version of a workflow the URL picks (`?v.<key>=<version>`), else its newest. */
  const shown = (key: string) => {
    const asked = Number(q[`v.${key}`])
    return templates.find((x) => x.key === key && x.version === asked) ?? newest.get(key)!
  }
  const versionHref = (key: string, version: number) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(q)) if (typeof v === 'string' && k !== `v.${key}`) params.set(k, v)
    if (version !== newest.get(key)?.version) params.set(`v.${key}`, String(version))
    return `/definitions${params.size ? `?${params}` : ''}#workflow-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`
  }
  return (
    <section aria-labelledby="definitions-title" className="flex flex-col gap-6">
      <h1 id="definitions-title" className="text-lg font-semibold">
        Definitions
      </h1>
      <div className="relative overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="text-left font-medium">Task definitions</caption>
          <thead>
            <tr className="text-left">
              <th className="px-2 py-1">Task type</th>
              <th className="px-2 py-1">Versions (newest first)</th>
              <th className="px-2 py-1">Type</th>
              <th className="px-2 py-1">Timeout</th>
              <th className="px-2 py-1">Retries</th>
              <th className="px-2 py-1">Registered</th>
            </tr>
          </thead>
          <tbody>
            {[...taskTypes.values()]
              .sort((a, b) => naturalCompare(a[0]!.id, b[0]!.id) || naturalCompare(a[0]!.organization, b[0]!.organization))
              .map((versions) => {
                const t = versions[0]!
                return (
                  <tr key={`${t.organization}/${t.id}`} className="border-t border-slate-200 align-top dark:border-slate-800">
                    <td className="px-2 py-1">
                      <div className="font-medium">{t.name}</div>
                      <div className="font-mono text-xs text-slate-500 dark:text-slate-400">
                        {t.id}
                        {severalOrganisations ? ` · ${t.organization}` : ''}
                      </div>
                      {t.description && <div className="text-xs">{t.description}</div>}
                    </td>
                    <td className="px-2 py-1 font-mono text-xs">{versions.map((v) => v.version).join(', ')}</td>
                    <td className="px-2 py-1">{formatKind(t.type)}</td>
                    <td className="px-2 py-1">{formatDuration(t.timeout)}</td>
                    <td className="px-2 py-1">{t.retryPolicy ? `${t.retryPolicy.maxRetries} × from ${formatDuration(t.retryPolicy.retryInterval)}` : 'none'}</td>
                    <td className="px-2 py-1">{formatTime(t.createdAt)}</td>
                  </tr>
                )
              })}
          </tbody>
        </table>
        {taskTypes.size === 0 && <p className="text-sm">No task definitions yet: a worker registers them at start, or POST /api/task-definitions.</p>}
      </div>
      <div className="flex flex-col gap-4">
        <h2 className="font-medium">Workflow templates</h2>
        {newest.size === 0 && <p className="text-sm">No workflow templates yet: POST /api/workflow-templates, or defineWorkflow in a worker.</p>}
        {[...newest.keys()].sort(naturalCompare).map((key) => {
          const w = shown(key)
          const steps = ((w.template as { steps?: TemplateStep[] } | null)?.steps ?? []).map((s, i, all) => ({
            id: s.id,
            name: s.name,
            type: s.type === 'task' ? `${s.task}@${s.taskVersion}` : s.type,
            dependsOn: s.dependsOn ?? (i === 0 ? [] : [all[i - 1]!.id]),
            conditional: s.condition !== undefined || s.activation !== undefined,
          }))
          const versions = templates.filter((x) => x.key === w.key).sort((a, b) => b.version - a.version)
          const anchor = `workflow-${w.key.replace(/[^A-Za-z0-9_-]/g, '_')}`
          return (
            <article key={w.key} id={anchor} aria-label={`workflow ${w.name}`} className="flex min-w-0 flex-col gap-2 rounded border border-slate-200 p-3 dark:border-slate-800">
              <div className="flex flex-wrap items-center gap-3">
                <h3 className="font-medium">
                  {w.name} <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{w.id}</span>
                </h3>
                {canLaunch && (
                  <Link href={`/launch?workflow=${encodeURIComponent(w.key)}`} className="text-sm text-blue-700 underline dark:text-blue-300" aria-label={`Launch ${w.name}`}>
                    Launch…
                  </Link>
                )}
              </div>
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
                {versions.length > 1 ? (
                  <nav aria-label={`versions of ${w.name}`} className="flex flex-wrap items-center gap-1">
                    {versions.length} versions:
                    {versions.map((v) => (
                      <Link
                        key={v.version}
                        href={versionHref(w.key, v.version)}
                        aria-current={v.version === w.version ? 'page' : undefined}
                        className={
                          v.version === w.version
                            ? 'rounded bg-slate-800 px-1.5 font-medium text-white dark:bg-slate-200 dark:text-slate-900'
                            : 'rounded px-1.5 text-blue-700 underline dark:text-blue-300'
                        }
                      >
                        v{v.version}
                      </Link>
                    ))}
                  </nav>
                ) : null}
                <span>
                  {versions.length > 1 ? '· ' : '1 version · '}service <span title={w.serviceId ?? undefined}>{(w.serviceId && serviceNames.get(w.serviceId)) ?? w.serviceId}</span>{' '}
                  · v{w.version} registered {formatTime(w.createdAt.toISOString())}
                  {steps.some((s) => s.conditional) ? ' · dashed steps are conditional' : ''}
                </span>
              </div>
              <StepGraph steps={steps} label={`steps of ${w.name}${versions.length > 1 ? ` v${w.version}` : ''}`} id={`${w.key.replace(/[^A-Za-z0-9_-]/g, '_')}-${w.version}`} />
              {steps.length > MAX_DRAWN && (
                <p className="text-xs">
                  The first {MAX_DRAWN} of {steps.length} steps are drawn.
                </p>
              )}
            </article>
          )
        })}
      </div>
    </section>
  )
}
