// Launch, replay and rerun (docs/workflows.md): which schema a start's input is checked and
// edited against, and which steps a rerun from a chosen step carries over. Plain functions.
import { z } from 'zod'
import { jsonObject } from './schemas'
import type { JsonSchema } from './json-schema'
import type { TemplateStep, WorkflowTemplateInput } from './templates'

/** Where a workflow's launch form comes from. */
export type LaunchSchemaSource = 'workflow' | 'task' | 'none'

/**
 * The schema a start's input must match: the workflow's own inputSchema; else that of its first
 * step's task when that step takes the execution's input as it is (no input mapping); else none.
 */
export function launchSchemaOf(
  template: Pick<WorkflowTemplateInput, 'inputSchema' | 'steps'>,
  taskInputSchema: (task: string, version: string) => JsonSchema | undefined,
): { schema: JsonSchema | null; source: LaunchSchemaSource; task?: string } {
  if (template.inputSchema !== undefined) return { schema: template.inputSchema as JsonSchema, source: 'workflow' }
  const first: TemplateStep | undefined = template.steps[0]
  if (first?.type === 'task' && first.input === undefined && first.task && first.taskVersion) {
    const schema = taskInputSchema(first.task, first.taskVersion)
    // `{}` and `true` accept anything: there is no form to draw from them.
    if (schema !== undefined && schema !== true && !(typeof schema === 'object' && Object.keys(schema).length === 0))
      return { schema, source: 'task', task: `${first.task}@${first.taskVersion}` }
  }
  return { schema: null, source: 'none' }
}

export const replayInputSchema = z
  .strictObject({
    input: jsonObject.optional().describe("The new execution's input (default: the original's)"),
    version: z.number().int().positive().optional().describe("The workflow version to run (default: the original's)"),
  })
  .meta({ id: 'ReplayExecution' })

export const rerunInputSchema = z
  .strictObject({ fromStep: z.string().trim().min(1).max(200).describe('The step to run again, with every step after it; the steps before it are carried over') })
  .meta({ id: 'RerunExecution' })

/** A step of the original execution as a rerun reads it. */
export interface OriginalStep {
  id: string
  status: string
  output?: unknown
}

/** A step a rerun carries over: finished in the original, so it is finished in the rerun, with its output. */
export interface CarriedStep {
  status: 'completed' | 'skipped' | 'disabled'
  output?: unknown
}

const CARRIED = new Set(['completed', 'skipped', 'disabled'])

/**
 * Which steps a rerun from `fromStep` carries over: those before it in the workflow's order that
 * do not depend on it, as they finished in the original. Every step it depends on (directly or
 * not) must have finished there — else its output is not there to carry — and the refusal says
 * which did not. `steps` are the workflow's, in order, with their dependencies.
 */
export function carriedSteps(
  steps: readonly { id: string; dependsOn: readonly string[] }[],
  original: readonly OriginalStep[],
  fromStep: string,
): { carried: Map<string, CarriedStep> } | { refused: string } {
  const index = steps.findIndex((s) => s.id === fromStep)
  if (index === -1) return { refused: `fromStep: no step '${fromStep}' in this workflow; its steps: ${steps.map((s) => s.id).join(', ')}` }
  const byId = new Map(steps.map((s) => [s.id, s]))
  const was = new Map(original.map((s) => [s.id, s]))
  // What it needs: its dependencies, theirs, and so on.
  const needed = new Set<string>()
  const visit = (id: string) => {
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (needed.has(dep)) continue
      needed.add(dep)
      visit(dep)
    }
  }
  visit(fromStep)
  // What comes after it: it, and every step that depends on one of those (they run again).
  const after = new Set<string>([fromStep])
  for (let grew = true; grew;) {
    grew = false
    for (const s of steps) {
      if (after.has(s.id) || !s.dependsOn.some((d) => after.has(d))) continue
      after.add(s.id)
      grew = true
    }
  }
  // In the workflow's order: the first one's own dependencies all finished (they come before it),
  // so it is a step the rerun can start from — the one the refusal suggests.
  const unfinished = steps.map((s) => s.id).filter((id) => needed.has(id) && !CARRIED.has(was.get(id)?.status ?? 'pending'))
  if (unfinished.length)
    return {
      refused: `fromStep: cannot rerun from '${fromStep}': ${unfinished.map((id) => `step '${id}' before it is ${was.get(id)?.status ?? 'missing'}`).join(', ')} in the original; rerun from ${unfinished[0]} or retry the execution`,
    }
  const carried = new Map<string, CarriedStep>()
  for (const s of steps.slice(0, index)) {
    const step = was.get(s.id)
    if (after.has(s.id) || !step || !CARRIED.has(step.status)) continue
    carried.set(s.id, step.status === 'completed' ? { status: 'completed', output: step.output ?? null } : { status: step.status as 'skipped' | 'disabled' })
  }
  return { carried }
}
