// Who runs an execution, and what it waits for. An execution is run by a workflow on the engine
// (by whichever engine worker runs that workflow version), by an outside service that reports
// over the API, or by no one: its workflow is one no live engine worker runs. Pure: the caller
// supplies what the engine workers run now and the time.
import type { z } from 'zod'
import type { runnerSchema } from './contracts'

export const RUNNER_KINDS = ['engine', 'service', 'none'] as const
export type RunnerKind = (typeof RUNNER_KINDS)[number]

/** Who runs an execution and what it waits for, as the API shows it (the output contract's: contracts.ts). */
export type Runner = z.infer<typeof runnerSchema>

/** What the engine workers run now, and the names of workflows and services. */
export interface RunnerDirectory {
  /** Workflow versions by id (key@version). */
  workflows: Pick<ReadonlyMap<string, { name: string; version: number }>, 'get'>
  /** Live engine workers by the workflow version they run. */
  live: ReadonlyMap<string, number>
  services: ReadonlyMap<string, string>
}

/** The fields of an execution its runner is read from. */
export interface RunnerFields {
  status: string
  serviceId: string
  workflowDefinitionId: string | null
  leaseOwner: string | null
  leaseExpiresAt: Date | null
  nextRunAt: Date | null
  stalledAt: Date | null
  reportedAt: Date | null
  startedAt: Date | null
  retries: number
  retryPolicy: unknown
}

const UNDER_WAY = new Set(['queued', 'starting', 'running', 'retry'])

export function runnerOf(e: RunnerFields, directory: RunnerDirectory, now: number): Runner {
  const due = e.nextRunAt && e.nextRunAt.getTime() > now ? e.nextRunAt.toISOString() : undefined
  if (e.workflowDefinitionId === null) {
    const service = directory.services.get(e.serviceId) ?? e.serviceId
    const runner: Runner = { kind: 'service', label: `${service} over the API` }
    if (e.status === 'queued') runner.waiting = `waiting for ${service} to start it`
    else if (e.status === 'starting') runner.waiting = `waiting for ${service} to finish starting it`
    else if (e.status === 'retry') runner.waiting = `waiting for ${service} to resume it`
    else if (e.status === 'failed' && e.nextRunAt) {
      const max = (e.retryPolicy as { maxRetries?: number } | null)?.maxRetries
      runner.waiting = `automatic retry ${e.retries + 1}${max ? `/${max}` : ''} scheduled`
      runner.dueAt = e.nextRunAt.toISOString()
    } else if (e.status === 'running' && e.stalledAt) {
      runner.waiting = `silent: no report from ${service}`
      // Silent since its last report (flagged once that was longer ago than allowed).
      runner.stalledSince = (e.reportedAt ?? e.startedAt ?? e.stalledAt).toISOString()
    }
    return runner
  }
  const known = directory.workflows.get(e.workflowDefinitionId)
  const workflow = { id: e.workflowDefinitionId, name: known?.name ?? e.workflowDefinitionId, version: known?.version ?? 0 }
  const title = known ? `${known.name} v${known.version}` : e.workflowDefinitionId
  const workers = directory.live.get(e.workflowDefinitionId) ?? 0
  if (workers === 0) {
    return {
      kind: 'none',
      label: `no worker for ${title}`,
      workflow,
      workers: 0,
      ...(UNDER_WAY.has(e.status) ? { waiting: `waiting for a worker for ${title}` } : {}),
    }
  }
  const runner: Runner = { kind: 'engine', label: `${title} on the engine`, workflow, workers }
  if (e.leaseOwner !== null && e.leaseExpiresAt !== null && e.leaseExpiresAt.getTime() >= now) return runner // a worker runs it
  if (e.status === 'queued') runner.waiting = 'in the queue for a free engine slot'
  else if (e.status === 'retry' && due) {
    runner.waiting = 'retry waiting for its backoff'
    runner.dueAt = due
  } else if (e.status === 'running' && due) {
    // Parked: only people, sub-executions or workers' tasks are awaited; a step's completion wakes it.
    runner.waiting = "waiting for a person, a sub-execution or a worker's task"
  } else if (e.status === 'starting' || e.status === 'retry' || e.status === 'running') runner.waiting = 'waiting for a free engine slot'
  return runner
}
