import Link from 'next/link'
import { serverApi } from '@/trpc/server'
import { StatusBadge } from '@/components/StatusBadge'
import { formatDuration, formatTime } from '@/components/format'
import { TASK_STATUSES, unservedQueues } from '@/server/domain/workers'
import { RefreshEvery } from '@/components/RefreshEvery'
import { RelativeTime } from '@/components/ui/RelativeTime'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Workers · Execution console' }

const cell = 'px-2 py-1'

/**
 * The workers in the services' own processes (docs/workers.md): who is connected, what each
 * serves and runs, each task type's queue — with a warning where tasks wait and no worker serves
 * them — and the task instances, filtered by status and task type.
 */
export default async function WorkersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const api = await serverApi()
  const q = await searchParams
  const status = TASK_STATUSES.filter((s) => s === q.status)
  const [workers, queues, tasks] = await Promise.all([
    api.workers.list(),
    api.workers.queues(),
    api.workers.tasks({ status: status.length ? status : undefined, task: q.task || undefined, limit: 100 }),
  ])
  const names = new Map(workers.map((w) => [w.$id, `${w.name} ${w.version}`]))
  const unserved = unservedQueues(queues)
  // Someone in several organisations sees each one's task types: they are told apart by it.
  const severalOrganisations = new Set(queues.map((x) => x.organization)).size > 1
  return (
    <section aria-labelledby="workers-title" className="flex flex-col gap-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 id="workers-title" className="text-lg font-semibold">
          Workers
        </h1>
        <RefreshEvery seconds={5} />
      </div>
      {unserved.length > 0 && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          No live worker serves {unserved.map((x) => `${x.task} (${x.pending} waiting)`).join(', ')}: those tasks wait until one connects.
        </p>
      )}

      {/* On a phone each row is a card with every column under its name (stack-table); the page never scrolls sideways. */}
      <div className="relative overflow-x-auto">
        <table className="stack-table w-full min-w-[36rem] text-sm">
          <caption className="text-left font-medium">Connected in the last hour</caption>
          <thead>
            <tr className="text-left">
              <th className={cell}>Worker</th>
              <th className={cell}>State</th>
              <th className={cell}>Serves</th>
              <th className={cell}>Running</th>
              <th className={cell}>Host</th>
              <th className={cell}>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {workers.map((w) => (
              <tr key={w.$id} className="border-t border-slate-200 dark:border-slate-800">
                <td className={cell}>
                  {w.name} <span className="text-slate-500 dark:text-slate-400">{w.version}</span>
                </td>
                <td className={cell} data-label="State">
                  <StatusBadge status={w.stoppedAt ? 'stopped' : w.live ? 'live' : 'silent'} />
                </td>
                <td className={cell} data-label="Serves">
                  {/* A worker of many task types keeps its row short (a phone's too): the list opens on demand. */}
                  {w.tasks.length <= 3 ? (
                    w.tasks.map((t, i) => (
                      <span key={t.task}>
                        {i > 0 ? ', ' : ''}
                        <span className="whitespace-nowrap">{t.versions?.length ? `${t.task}@${t.versions.join('|')}` : t.task}</span>
                      </span>
                    ))
                  ) : (
                    <details>
                      <summary className="cursor-pointer">{w.tasks.length} task types</summary>
                      <span>
                        {w.tasks.map((t, i) => (
                          <span key={t.task}>
                            {i > 0 ? ', ' : ''}
                            <span className="whitespace-nowrap">{t.versions?.length ? `${t.task}@${t.versions.join('|')}` : t.task}</span>
                          </span>
                        ))}
                      </span>
                    </details>
                  )}
                </td>
                <td className={cell} data-label="Running">
                  {w.inFlight} of {w.concurrency}
                </td>
                <td className={cell} data-label="Host">
                  {w.hostname ?? '—'}
                </td>
                <td className={cell} data-label="Last seen">
                  <RelativeTime iso={w.lastSeenAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {workers.length === 0 && <p className="text-sm">No worker has connected in the last hour. docs/workers.md says how to run one.</p>}
      </div>

      <div className="relative overflow-x-auto">
        <table className="stack-table w-full min-w-[28rem] text-sm">
          <caption className="text-left font-medium">Queues by task type</caption>
          <thead>
            <tr className="text-left">
              <th className={cell}>Task type</th>
              <th className={cell}>Waiting</th>
              <th className={cell}>Oldest wait</th>
              <th className={cell}>Running</th>
              <th className={cell}>Live workers</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((x) => (
              <tr key={`${x.organization}/${x.task}`} className="border-t border-slate-200 dark:border-slate-800">
                <td className={cell}>
                  <Link href={`/workers?task=${encodeURIComponent(x.task)}`} className="whitespace-nowrap text-blue-700 underline dark:text-blue-300">
                    {x.task}
                  </Link>
                  {severalOrganisations && <span className="ml-1 text-xs text-slate-600 dark:text-slate-300">({x.organization})</span>}
                </td>
                <td className={cell} data-label="Waiting">
                  {x.pending}
                </td>
                <td className={cell} data-label="Oldest wait">
                  {x.oldestPendingMs === null ? '—' : formatDuration(x.oldestPendingMs)}
                </td>
                <td className={cell} data-label="Running">
                  {x.running}
                </td>
                <td className={cell} data-label="Live workers">
                  {x.workers === 0 && x.pending > 0 ? <strong className="text-amber-700 dark:text-amber-300">none</strong> : x.workers}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="relative flex flex-col gap-2 overflow-x-auto">
        <h2 className="font-medium">Task instances{q.task ? ` of ${q.task}` : ''}</h2>
        <nav aria-label="task status" className="flex flex-wrap gap-2 text-sm">
          {['all', ...TASK_STATUSES].map((s) => {
            const params = new URLSearchParams({ ...(q.task ? { task: q.task } : {}), ...(s === 'all' ? {} : { status: s }) })
            const current = (s === 'all' && !status.length) || status[0] === s
            return (
              <Link
                key={s}
                href={`/workers?${params}`}
                aria-current={current ? 'page' : undefined}
                className={current ? 'font-semibold' : 'text-blue-700 underline dark:text-blue-300'}
              >
                {s}
              </Link>
            )
          })}
        </nav>
        {tasks.length > 0 && (
          <p className="text-xs text-slate-600 sm:hidden dark:text-slate-400" aria-hidden="true">
            Scroll the table sideways for every column →
          </p>
        )}
        {/* A hundred tasks as cards would be pages long on a phone: this one scrolls sideways, its task first. */}
        <table className="w-full min-w-[48rem] text-sm">
          <thead>
            <tr className="text-left">
              <th className={cell}>Task</th>
              <th className={cell}>Status</th>
              <th className={cell}>Execution · step</th>
              <th className={cell}>Attempt</th>
              <th className={cell}>Worker</th>
              <th className={cell}>Priority</th>
              <th className={cell}>Took</th>
              <th className={cell}>Created</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((t) => (
              <tr key={t.$id} className="border-t border-slate-200 dark:border-slate-800">
                <td className={cell}>
                  <span className="whitespace-nowrap">
                    {t.task}@{t.version}
                  </span>
                  {t.taskReference && <div className="text-xs text-slate-600 dark:text-slate-300">{t.taskReference}</div>}
                </td>
                <td className={cell} data-label="Status">
                  <StatusBadge status={t.status} />
                </td>
                <td className={cell} data-label="Execution · step">
                  <Link href={`/executions/${encodeURIComponent(t.workflowInstanceId)}`} className="font-mono text-xs text-blue-700 underline dark:text-blue-300">
                    {t.workflowInstanceId}
                  </Link>{' '}
                  · {t.stepId}
                </td>
                <td className={cell} data-label="Attempt">
                  {t.attempt}
                  {t.retryCount ? ` (retry ${t.retryCount})` : ''}
                </td>
                <td className={cell} data-label="Worker">
                  {t.executorId ? (names.get(t.executorId) ?? t.executorId) : '—'}
                </td>
                <td className={cell} data-label="Priority">
                  {t.priority}
                </td>
                <td className={cell} data-label="Took">
                  {formatDuration(t.executionMetadata.duration)}
                </td>
                <td className={cell} data-label="Created">
                  {formatTime(t.createdAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {tasks.length === 0 && <p className="text-sm">No task instances{status.length ? ` ${status[0]}` : ''}.</p>}
      </div>
    </section>
  )
}
