'use client'
// The task instances of a step run by workers (docs/workers.md): each attempt, its status, the
// worker that ran it and on which host, how long it took and how it ended.
import { useEffect } from 'react'
import { api } from '@/trpc/react'
import { StatusBadge } from '@/components/StatusBadge'
import { formatDuration, formatTime } from '@/components/format'

/** `stepState`: the step as the page last heard it (status, attempt): when it moves, its attempts are read again at once. */
export function TaskAttempts({ executionId, stepId, stepState, attempt }: { executionId: string; stepId: string; stepState: string; attempt?: number }) {
  // This step's attempts only: a 1,000-step batch has thousands of task instances.
  const tasks = api.workers.tasks.useQuery({ executionId, stepId }, { refetchInterval: 5_000 })
  const { refetch } = tasks
  useEffect(() => void refetch(), [stepState, refetch])
  const workers = api.workers.list.useQuery(undefined, { staleTime: 30_000 })
  const names = new Map((workers.data ?? []).map((w) => [w.$id, `${w.name} ${w.version}`]))
  const ofStep = (tasks.data ?? []).filter((t) => t.stepId === stepId)
  // (`attempt`: the trace's selected attempt of the step, when a task instance carries its number.)
  const ofAttempt = ofStep.filter((t) => t.attempt === attempt)
  const attempts = attempt !== undefined && ofAttempt.length ? ofAttempt : ofStep
  if (!attempts.length) return null
  return (
    <div className="relative mt-2 overflow-x-auto">
      <table className="w-full text-xs" aria-label="task attempts">
        <thead>
          <tr className="text-left">
            <th>Task</th>
            <th>Status</th>
            <th>Attempt</th>
            <th>Worker</th>
            <th>Started</th>
            <th>Took</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((t) => (
            <tr key={t.$id}>
              <td>
                {t.task}@{t.version}
                {t.taskReference ? ` · ${t.taskReference}` : ''}
              </td>
              <td>
                <StatusBadge status={t.status} />
              </td>
              <td>
                {t.attempt}
                {t.retryCount ? ` (retry ${t.retryCount})` : ''}
              </td>
              <td>
                {t.executorId ? (names.get(t.executorId) ?? t.executorId) : '—'}
                {t.executionMetadata.executionEnvironment ? ` on ${t.executionMetadata.executionEnvironment}` : ''}
              </td>
              <td>{formatTime(t.executionMetadata.startTime)}</td>
              <td>{formatDuration(t.executionMetadata.duration)}</td>
              <td>{t.error ? `${(t.error as { code?: string }).code ?? ''}: ${(t.error as { message?: string }).message ?? ''}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
