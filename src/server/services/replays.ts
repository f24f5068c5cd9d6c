// Replay and rerun (docs/workflows.md): a new run of an execution's workflow on the engine, with
// its input (edited or not), or from one of its steps with the steps before it carried over. The
// original is read as the caller may act on it (another organisation's is not found); the start
// goes through the engine (its input checked against the workflow's schema) and the one write
// path, which links the two in the create's transaction.
import type { AppServices } from '../context'
import type { Actor } from '../domain/actor'
import type { ServiceExecution } from '../domain/execution'
import type { StartOptions } from '../engine/engine'
import { ServiceError } from './errors'

type Deps = Pick<AppServices, 'queries' | 'lookups' | 'workflows'>

/** The original, its workflow and version, and what a new run of it starts with; refused when the engine does not run it. */
async function originalOf(deps: Deps, id: string, organizations: readonly string[]) {
  const original = await deps.queries.get(id, organizations)
  const versionId = original.workflowTemplateVersionId
  if (!versionId)
    throw new ServiceError(
      'CONFLICT',
      `execution ${id} was reported by service ${original.service} over the API, not run by the engine: there is no workflow to run again (its service starts a new one)`,
    )
  const at = versionId.lastIndexOf('@')
  const { input, ...context } = original.context ?? {}
  const start: StartOptions = {
    context,
    priority: original.priority,
    tags: original.tags,
    correlationId: original.correlationId,
    customer: deps.lookups.order(original.order, organizations).customer,
  }
  return { original, workflow: versionId.slice(0, at), version: Number(versionId.slice(at + 1)), input: (input ?? {}) as Record<string, unknown>, start }
}

/** A new run of the execution's workflow (its version unless `version`) with `input` (default: the original's). */
export async function replayExecution(deps: Deps, actor: Actor, id: string, options: { input?: Record<string, unknown>; version?: number }): Promise<ServiceExecution> {
  const { workflow, version, input, start } = await originalOf(deps, id, actor.organizations ?? [])
  return deps.workflows.start(workflow, { ...start, requestedBy: actor, input: options.input ?? input, version: options.version ?? version, replay: { of: id } })
}

/** A new run of the execution's workflow and input in which the steps before `fromStep` are carried over with their outputs. */
export async function rerunExecution(deps: Deps, actor: Actor, id: string, fromStep: string): Promise<ServiceExecution> {
  const { original, workflow, version, input, start } = await originalOf(deps, id, actor.organizations ?? [])
  const steps = (original.steps ?? []).map((s) => ({ id: s.id, status: s.status, output: s.output }))
  return deps.workflows.start(workflow, { ...start, requestedBy: actor, input, version, replay: { of: id, fromStep, steps } })
}
