// The workflow definitions a worker runs, compiled once: by version, the latest of each, and for
// each the steps that start with an execution and those that start at each step's boundary.
import type { ExecutionStep as StepRow } from '@/generated/prisma/client'
import { open } from '../security/crypto'
import type { DefinitionRow } from './queue-store'
import { assigneeObject, dependenciesOf, workflowVersionId, type StepDefinition, type StepOutputs, type WorkflowDefinition } from './workflow'

export interface Definitions {
  /** By version id (`key@version`). */
  registry: Map<string, WorkflowDefinition>
  /** The latest version of each workflow, by its key. */
  latest: Map<string, WorkflowDefinition>
  /** The version ids this worker runs (grows as templates are registered). */
  runnable: string[]
  /** The steps that start with the execution: chainable, with nothing to wait for. */
  rootsOf(definition: WorkflowDefinition): string[]
  /** For each step, the steps after it whose handlers can start at its boundary, in the same change. */
  successorsOf(definition: WorkflowDefinition): Map<string, string[]>
  /** Adds versions not known yet (templates registered while the engine runs); how many were new. */
  add(workflows: WorkflowDefinition[]): number
}

export function compileDefinitions(workflows: WorkflowDefinition[]): Definitions {
  const registry = new Map<string, WorkflowDefinition>()
  const latest = new Map<string, WorkflowDefinition>()
  const runnable: string[] = []
  const successorsByWorkflow = new Map<string, Map<string, string[]>>()
  const rootsByWorkflow = new Map<string, string[]>()
  const add = (versions: WorkflowDefinition[]) => {
    let added = 0
    for (const w of versions) {
      const id = workflowVersionId(w)
      if (registry.has(id)) continue
      added += 1
      registry.set(id, w)
      runnable.push(id)
      if ((latest.get(w.id)?.version ?? -1) < w.version) latest.set(w.id, w)
      // For each step, the steps after it whose handlers can start at its boundary, in the same change.
      const successors = new Map<string, string[]>()
      w.steps.forEach((step, i) => {
        if (!chainable(step)) return
        for (const dep of dependenciesOf(w, i)) successors.set(dep, [...(successors.get(dep) ?? []), step.id])
      })
      successorsByWorkflow.set(id, successors)
      // The steps that start with the execution: chainable, with nothing to wait for.
      rootsByWorkflow.set(
        id,
        w.steps.filter((step, i) => chainable(step) && dependenciesOf(w, i).length === 0).map((step) => step.id),
      )
    }
    return added
  }
  add(workflows)
  return {
    registry,
    latest,
    runnable,
    rootsOf: (definition) => rootsByWorkflow.get(workflowVersionId(definition))!,
    successorsOf: (definition) => successorsByWorkflow.get(workflowVersionId(definition))!,
    add,
  }
}

/** A definition version as it is recorded (the execution's workflowTemplateVersionId points at it). */
export function definitionRow(w: WorkflowDefinition, at: number): DefinitionRow {
  const definition = {
    steps: w.steps.map((s, i) => ({
      id: s.id,
      name: s.name ?? s.id,
      assignee: assigneeObject(s.assignee),
      dependsOn: dependenciesOf(w, i),
      condition: !!s.condition,
      disabled: !!s.disabled,
      retryPolicy: s.retryPolicy,
      timeout: s.timeout,
      subWorkflow: !!s.children,
    })),
    retryPolicy: w.retryPolicy,
    timeout: w.timeout,
    recovery: Object.fromEntries(Object.entries(w.recovery ?? {}).map(([code, r]) => [code, r.action])),
  }
  return {
    id: workflowVersionId(w),
    key: w.id,
    version: w.version,
    name: w.name,
    description: w.description ?? null,
    serviceId: w.service,
    definition: JSON.stringify(definition),
    createdAt: at,
  }
}

/** Steps whose start needs no decision of the run loop: a handler, no condition, not disabled, no resources to wait for. */
export function chainable(step: StepDefinition): boolean {
  return !!step.handler && !step.children && !step.task && !step.condition && !step.activation && !step.disabled && !step.resources?.length
}

/** The most characters of JSON a workflow's default result copies from its steps' outputs. */
export const MAX_DEFAULT_RESULT_CHARS = 1_000_000

/**
 * Without a summary of its own (a template's `output` expression), the result is every step's output by step id — unless that
 * is past MAX_DEFAULT_RESULT_CHARS: a thousand steps of a megabyte each would copy a gigabyte into
 * the result (and every read and webhook of it), past what a string can hold. The outputs stay
 * on their steps either way.
 */
export function defaultResult(outputs: Record<string, { outputData: unknown }>): { value: unknown } | { failed: string } {
  const value = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.outputData]))
  let chars = 0
  for (const v of Object.values(value)) if ((chars += JSON.stringify(v ?? null).length) > MAX_DEFAULT_RESULT_CHARS) break
  if (chars <= MAX_DEFAULT_RESULT_CHARS) return { value }
  return {
    failed: `its steps' outputs are more than ${MAX_DEFAULT_RESULT_CHARS} characters of JSON together, too many to copy into its result: they are on its steps (an output expression can pick what the result holds)`,
  }
}

/** The result a workflow completes with: its own summary, or its outputs and a count. */
export function resultOf(definition: WorkflowDefinition, outputs: StepOutputs) {
  if (definition.summarize) return { success: true, ...definition.summarize(outputs) }
  const out = defaultResult(outputs)
  const count = `${definition.name}: ${Object.keys(outputs).length} of ${definition.steps.length} steps completed`
  return { success: true, output: 'value' in out ? out.value : null, summary: 'value' in out ? count : `${count}; ${out.failed}` }
}

export function outputsOf(steps: Pick<StepRow, 'stepId' | 'status' | 'output'>[]): StepOutputs {
  const out: StepOutputs = {}
  for (const s of steps) if (s.status === 'completed') out[s.stepId] = { outputData: open(s.output) }
  return out
}
