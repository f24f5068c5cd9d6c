// Seed 002's ExecutionProgress of one execution: how far it is (its steps, or the progress its
// runner reports), what it is doing now (the running step, or the phase of its lifecycle), and
// how long it likely still has to go — the forecast's likely remaining time (domain/forecast.ts),
// from the fraction of its steps done and its rate so far, blended with how long past runs took. Pure: the reader supplies the row, its running steps and
// the forecast.
import type { Forecast } from './forecast'
import { hasEnded } from './lifecycle'

export interface ExecutionProgress {
  /** Overall completion, 0–100. */
  percentage: number
  completedTasks: number
  totalTasks: number
  /** Likely time to finish, ms; absent when neither its rate so far nor the history can say. */
  estimatedTimeRemaining?: number
  /** The running step's name, or the lifecycle's phase: queued, starting, waiting for a person, retrying, paused… */
  currentPhase: string
}

export interface ProgressInput {
  status: string
  /** The progress column (steps' share, or what the runner reports), 0–100. */
  progress: number
  stepsCompleted: number
  stepsTotal: number
  retries: number
  /** When a failed or retrying execution runs again (ms), if it is due to. */
  nextRunAt: number | null
  /** A running execution silent past the allowed silence (ms since epoch). */
  stalledAt: number | null
  /** Its running steps, in order (a few are enough). */
  running: readonly { name: string; human: boolean }[]
  /** Null when no forecast was asked for (an ended execution needs none). */
  forecast: Forecast | null
  /** A step waiting for a resource (docs/resources.md): which, and how many steps are ahead of it. */
  resourceWait?: { resource: string; ahead: number } | null
}

/** The phase an execution is in, as an operator would say it. */
export function phaseOf(input: Pick<ProgressInput, 'status' | 'retries' | 'nextRunAt' | 'stalledAt' | 'running' | 'resourceWait'>): string {
  const { status, running } = input
  switch (status) {
    case 'queued':
      return 'queued'
    case 'starting':
      return 'starting'
    case 'paused':
      return 'paused'
    case 'retry':
      return `retrying (attempt ${input.retries + 1})`
    case 'failed':
      return input.nextRunAt !== null ? `failed; retry ${input.retries + 1} due` : 'failed'
    case 'completed':
    case 'cancelled':
      return status
  }
  if (input.resourceWait) return `waiting for resource ${input.resourceWait.resource} (${input.resourceWait.ahead} ahead)`
  const human = running.find((s) => s.human)
  if (human) return `waiting for a person: ${human.name}`
  const first = running[0]
  if (input.stalledAt !== null) return first ? `silent (in ${first.name})` : 'silent'
  if (!first) return 'running'
  return running.length > 1 ? `${first.name} (and ${running.length - 1} more)` : first.name
}

export function progressOf(input: ProgressInput): ExecutionProgress {
  const ended = hasEnded(input.status)
  const percentage = input.status === 'completed' ? 100 : Math.round(Math.min(100, Math.max(0, input.progress)) * 10) / 10
  // (Past every run in the history, an estimate remains only from the run's own rate: forecast() leaves the history out.)
  const remaining = ended ? 0 : input.forecast?.remainingMs?.likely
  return {
    percentage,
    completedTasks: input.stepsCompleted,
    totalTasks: input.stepsTotal,
    ...(remaining !== undefined ? { estimatedTimeRemaining: Math.round(remaining) } : {}),
    currentPhase: phaseOf(input),
  }
}
