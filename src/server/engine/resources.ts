// The engine's hook for resources (docs/resources.md): before a step with requirements runs, its
// attempt asks for them through the write path (allocated, waiting behind others by priority, or
// never to be met). A handler step waits here until a release grants it (the grant's event wakes
// it) or a rate-type window refills; task and human steps look once and let the run's loop wait.
// The release is the write path's: in the change that completes, fails or skips the step, or that
// stops the execution (pause, cancel, fail, timeout), so no path that ends a step forgets it.
import type { EventBus } from '../events/bus'
import type { Actor } from '../domain/actor'
import type { ExecutionService } from '../services/executions'
import type { Clock } from '../lib/clock'
import { stopped, type ErrorInfo } from './control'
import { DEFAULT_PRIORITY } from '../domain/resources'
import { ENDED_STATUSES } from '../domain/lifecycle'
import type { QueueStore } from './queue-store'
import type { StepDefinition, WorkflowDefinition } from './workflow'

/** A requirement's priority when it names none: its execution's. */
const PRIORITY_OF_EXECUTION: Record<string, number> = { urgent: 9, high: 7, normal: 5, low: 2 }

/** The events by which an execution ends (one a status it does not leave). */
const ENDED_EVENTS = new Set(ENDED_STATUSES.map((status) => `execution.${status}`))

/** A waiting step looks again at least this often (a rate-type window refilling, a wake-up missed). */
export const RESOURCE_RECHECK_MS = 1_000

export type Hold = 'granted' | 'interrupted' | { waiting: string } | { failed: ErrorInfo }

export function createResourceGate(deps: { executions: ExecutionService; queue: QueueStore; clock: Clock; actor: Actor; bus: EventBus }) {
  const { executions, queue, clock, actor } = deps
  const waiters = new Map<string, () => void>()
  const key = (id: string, stepId: string) => `${id}\u0000${stepId}`
  // A release elsewhere granted a waiting step: wake its wait at once.
  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.type === 'execution.resource.allocated' && event.stepId) waiters.get(key(event.executionId, event.stepId))?.()
    if (ENDED_EVENTS.has(event.type)) for (const k of told) if (k.startsWith(`${event.executionId}\u0000`)) told.delete(k)
  })
  /** Steps told to wait (the log says so once per wait), until granted or their execution ends. */
  const told = new Set<string>()

  /** One look: allocated, or what it waits for (logged once), or a requirement no resource meets. */
  async function tryHold(id: string, definition: WorkflowDefinition, step: StepDefinition): Promise<Hold> {
    if (!step.resources?.length) return 'granted'
    const needsRow = !definition.organizationId || step.resources.some((r) => r.priority === undefined)
    const row = needsRow ? queue.execution(id) : null
    const organizationId = definition.organizationId ?? row?.providerId
    // A requirement without a priority takes its execution's (urgent 9, high 7, normal 5, low 2).
    const requirements = step.resources.map((r) => (r.priority === undefined ? { ...r, priority: PRIORITY_OF_EXECUTION[row?.priority ?? 'normal'] ?? DEFAULT_PRIORITY } : r))
    if (!organizationId)
      return { failed: { code: 'CONFIGURATION_ERROR', message: `step ${step.id} needs resources, but its execution belongs to no organisation that has any`, recoverable: false } }
    const acquired = await executions.acquireResources(id, actor, step.id, organizationId, requirements).catch(stopped)
    if (!acquired) return 'interrupted'
    if ('problem' in acquired) return { failed: { code: 'CONFIGURATION_ERROR', message: `step ${step.id}: ${acquired.problem}`, recoverable: false } }
    const k = key(id, step.id)
    if (acquired.granted) {
      told.delete(k)
      return 'granted'
    }
    const { name, ahead } = acquired.waitingFor
    const waiting = `waiting for resource ${name} (${ahead} ahead)`
    if (!told.has(k)) {
      told.add(k)
      await executions
        .log(id, actor, [{ level: 'info', step: step.id, message: `step ${step.id} is ${waiting}`, context: { resource: acquired.waitingFor.resourceId, ahead } }])
        .catch(() => {})
    }
    return { waiting }
  }

  /** Waits until the step's resources are allocated (a handler step, before each attempt). */
  async function hold(id: string, definition: WorkflowDefinition, step: StepDefinition, signal: AbortSignal): Promise<Exclude<Hold, { waiting: string }>> {
    for (;;) {
      if (signal.aborted) return 'interrupted'
      const k = key(id, step.id)
      // Listening before the look: a grant between the look and the wait is not missed.
      let wake = () => {}
      const woken = new Promise<void>((resolve) => (wake = resolve))
      waiters.set(k, wake)
      try {
        const held = await tryHold(id, definition, step)
        if (typeof held !== 'object' || !('waiting' in held)) return held
        await Promise.race([woken, clock.sleep(RESOURCE_RECHECK_MS, signal)]).catch(() => {})
      } finally {
        if (waiters.get(k) === wake) waiters.delete(k)
      }
    }
  }

  /**
   * Whether a step of the execution waits for resources: its run looks again within
   * RESOURCE_RECHECK_MS. A rate-type window refills with no event to wake anyone, and a grant's
   * event can be missed (a restart), so such a run does not park for the usual minute.
   */
  const waits = (id: string) => {
    for (const k of told) if (k.startsWith(`${id}\u0000`)) return true
    return false
  }

  return { tryHold, hold, waits, stop: unsubscribe }
}

export type ResourceGate = ReturnType<typeof createResourceGate>
