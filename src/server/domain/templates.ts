// Task definitions (seed 003) and workflow templates (seed 004) as data: what a team registers to
// run its own work on the engine. The shapes clients send, and the checks a template passes before
// it is stored — each refusal names the step and what is wrong. Plain functions; the services
// store what passes.
import { z } from 'zod'
import semver from 'semver'
import { ERROR_CODES } from './errors'
import { expressionProblem, compileExpression, MAX_EXPRESSION_LENGTH } from './expressions'
import { jsonSchemaProblem, type JsonSchema } from './json-schema'
import { MAX_TIMEOUT_MS } from './retry'
import { assigneeSchema, jsonObject, noPrototypeKey, retryPolicySchema } from './schemas'
import { requirementProblem, resourceRequirementsSchema } from './resources'

/** A task type's or a workflow's key: what workers and starts name it by. */
const key = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters')
const text = (max: number) => z.string().trim().max(max)
const expression = z.string().min(1).max(MAX_EXPRESSION_LENGTH).describe('A CEL expression over __steps__, __context__ and input (docs/workflows.md)')
const jsonSchema = z
  .union([jsonObject, z.boolean()])
  .describe('A JSON Schema (2020-12 unless $schema says draft-07)')
  .superRefine((schema, ctx) => {
    const problem = jsonSchemaProblem(schema as JsonSchema)
    if (problem) ctx.addIssue({ code: 'custom', message: `not a usable JSON Schema: ${problem}` })
  })

export const TASK_TYPES = ['AUTOMATED', 'MANUAL', 'INTEGRATION'] as const
export const TASK_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const
/** Seed 003's task priorities as the execution priorities the queue orders by. */
export const PRIORITY_OF_TASK = { LOW: 'low', MEDIUM: 'normal', HIGH: 'high', CRITICAL: 'critical' } as const

/** Seed 003's retry policy; stored as the engine's (seed 000's) by `retryPolicyOf`. */
export const taskRetryPolicySchema = z
  .strictObject({
    maxRetries: z.number().int().min(0).max(100),
    retryInterval: z.number().int().min(0).max(MAX_TIMEOUT_MS).describe('ms before the first retry'),
    backoffMultiplier: z.number().min(1).max(10).optional().describe('Default 2'),
    maxRetryInterval: z.number().int().min(0).max(MAX_TIMEOUT_MS).optional(),
    retryableErrors: z.array(z.enum(ERROR_CODES)).max(50).optional(),
  })
  .refine((p) => p.maxRetryInterval === undefined || p.maxRetryInterval >= p.retryInterval, {
    message: 'maxRetryInterval must be at least retryInterval',
    path: ['maxRetryInterval'],
  })
  .meta({ id: 'TaskRetryPolicy' })

export const taskDefinitionInputSchema = z
  .strictObject({
    id: key.describe('The task type workers serve, e.g. "send-email"'),
    version: z
      .string()
      .max(50)
      .refine((v) => semver.valid(v) === v, 'a semantic version such as 1.0.0 (MAJOR.MINOR.PATCH)'),
    name: text(200).min(1),
    description: text(5_000).optional(),
    type: z.enum(TASK_TYPES).optional().describe('Default AUTOMATED'),
    inputSchema: jsonSchema.optional().describe('Default {} (anything)'),
    outputSchema: jsonSchema.optional().describe('Default {} (anything)'),
    timeout: z.number().int().positive().max(MAX_TIMEOUT_MS).describe('ms a task may run before it is TIMED_OUT'),
    retryPolicy: taskRetryPolicySchema.optional(),
    resources: resourceRequirementsSchema.optional().describe("Seed 002's ResourceRequirements: what each attempt holds while it runs (docs/resources.md)"),
    executionConfig: z
      .strictObject({
        executor: text(200).min(1).describe('What runs it, e.g. "worker" or a pool name'),
        securityContext: z.strictObject({ runAs: text(200).optional(), permissions: z.array(text(200)).max(100), securityLevel: z.enum(['LOW', 'MEDIUM', 'HIGH']) }).optional(),
        resourceRequirements: z
          .strictObject({
            cpu: text(50),
            memory: text(50),
            disk: text(50).optional(),
            timeoutSeconds: z
              .number()
              .int()
              .positive()
              .max(MAX_TIMEOUT_MS / 1000),
          })
          .optional(),
        environmentVariables: z
          .record(
            z
              .string()
              .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
              .max(200),
            z.string().max(10_000),
          )
          .optional(),
      })
      .optional()
      .describe('Default { executor: "worker" }'),
    metadata: jsonObject.optional(),
  })
  .meta({ id: 'TaskDefinitionInput' })
/** A task definition as sent, its defaults filled in. */
export type TaskDefinitionInput = ReturnType<typeof withTaskDefaults>

/** Seed 003's defaults: an automated task of any input and output, run by a worker. */
export function withTaskDefaults(input: z.infer<typeof taskDefinitionInputSchema>) {
  return {
    ...input,
    description: input.description ?? '',
    type: input.type ?? ('AUTOMATED' as const),
    inputSchema: input.inputSchema ?? {},
    outputSchema: input.outputSchema ?? {},
    executionConfig: input.executionConfig ?? { executor: 'worker' },
  }
}

export const STEP_TYPES = ['task', 'human', 'sys.sub_workflow', 'sys.wait'] as const

const templateStepSchema = z
  .strictObject({
    id: key,
    name: text(200).optional(),
    type: z.enum(STEP_TYPES).describe('task: runs a task definition on a worker; human: waits for a person; sys.sub_workflow: starts child workflows; sys.wait: waits'),
    task: key.optional().describe('task steps: the task definition it runs'),
    taskVersion: z.string().max(100).optional().describe('task steps: a version or range of the task definition (default: its newest when the template is registered)'),
    input: noPrototypeKey(z.record(key, expression)).optional().describe("Each field of the step's input as an expression; without it the execution's input"),
    reference: expression.optional().describe("task steps: seed 003's taskReference, what the task is about for display (e.g. input.company)"),
    dependsOn: z.array(key).max(100).optional().describe('Steps it waits for; without it the step before it (none for the first)'),
    condition: expression.optional().describe('False: the step is skipped'),
    activation: expression.optional().describe('False: the step is disabled (seed 004 DISABLED)'),
    retryPolicy: retryPolicySchema.optional(),
    timeout: z.number().int().positive().max(MAX_TIMEOUT_MS).optional(),
    assignee: assigneeSchema.optional().describe('human steps: who acts; task steps: who does the work, for display (an AI agent and its model, a system)'),
    dueIn: z
      .number()
      .int()
      .positive()
      .max(30 * 86_400_000)
      .optional()
      .describe('human steps: ms from its start until it is due'),
    workflow: key.optional().describe('sys.sub_workflow: the workflow each child runs'),
    forEach: expression.optional().describe('sys.sub_workflow: a list; one child per element (without it, one child)'),
    childInput: expression.optional().describe("sys.sub_workflow: each child's input, with `item` the element"),
    duration: z.number().int().min(0).max(MAX_TIMEOUT_MS).optional().describe('sys.wait: ms'),
    resources: resourceRequirementsSchema
      .optional()
      .describe("Seed 002's ResourceRequirements: held from before each attempt until it ends; a task step without them takes its task definition's"),
  })
  .meta({ id: 'WorkflowTemplateStep' })
export type TemplateStep = z.infer<typeof templateStepSchema>

export const workflowTemplateInputSchema = z
  .strictObject({
    id: key.describe('The workflow key; registering a changed template makes its next version'),
    name: text(200).min(1),
    description: text(5_000).optional(),
    service: z.string().trim().min(1).max(200).describe('The service whose executions it runs'),
    inputSchema: jsonSchema.optional().describe("The execution's input, checked when it starts"),
    context: jsonObject.optional().describe('Defaults of __context__'),
    assignee: assigneeSchema.optional().describe('Who runs its executions, for display (an AI agent, a team, a system)'),
    output: expression.optional().describe("The execution's result output: an expression over __steps__ and __context__ (default: every completed step's output)"),
    summary: expression.optional().describe("The execution's result summary: an expression over __steps__ and __context__ giving text"),
    timeout: z.number().int().positive().max(MAX_TIMEOUT_MS).optional(),
    retryPolicy: retryPolicySchema.optional(),
    recovery: z
      .record(
        z.enum(ERROR_CODES),
        z.discriminatedUnion('action', [
          z.strictObject({ action: z.literal('RETRY'), policy: retryPolicySchema }),
          z.strictObject({ action: z.literal('SKIP') }),
          z.strictObject({ action: z.literal('ABORT') }),
          z.strictObject({ action: z.literal('CHECKPOINT_RESTORE') }),
        ]),
      )
      .optional(),
    steps: z.array(templateStepSchema).min(1).max(1_000),
  })
  .meta({ id: 'WorkflowTemplateInput' })
export type WorkflowTemplateInput = z.infer<typeof workflowTemplateInputSchema>

/** A reason a template cannot be stored: where, and what is wrong. */
export interface TemplateProblem {
  path: string
  message: string
}

/** What a template's references are checked against. */
export interface TemplateReferences {
  /** The versions of a task definition in the template's organisation (empty: none). */
  taskVersions(task: string): string[]
  /** Whether a workflow of this key exists (or is this template itself). */
  workflowExists(workflow: string): boolean
  /** The workflows the newest version of `workflow` starts as children (what a child of it runs: the engine starts the newest). */
  childWorkflowsOf?(workflow: string): string[]
  /** Another of the caller's organisations that has this task (a hint when the template's has not). */
  taskElsewhere?(task: string): string | null
  /** The organisation's resource of this type (undefined: none); without it requirements are not checked. */
  resource?(type: string): { capacity: number; unit: string } | undefined
}

/** Steps run after the step before them unless they say what they depend on. */
export const dependenciesOfStep = (steps: readonly Pick<TemplateStep, 'id' | 'dependsOn'>[], index: number): string[] =>
  steps[index]!.dependsOn ?? (index === 0 ? [] : [steps[index - 1]!.id])

/**
 * Every reason the template cannot be stored, each naming its step: unique step ids, known
 * types with what each type needs, references that exist (steps, task definitions and their
 * versions, workflows), no cycles, expressions that parse and read only steps they come after,
 * schemas that compile (checked by the input schema). Empty when it can be stored.
 */
export function templateProblems(template: WorkflowTemplateInput, refs: TemplateReferences): TemplateProblem[] {
  const problems: TemplateProblem[] = []
  const at = (i: number, field?: string) => `steps[${i}] (${template.steps[i]!.id})${field ? `.${field}` : ''}`
  const ids = new Map<string, number>()
  template.steps.forEach((step, i) => {
    if (ids.has(step.id)) problems.push({ path: at(i, 'id'), message: `step id "${step.id}" is also steps[${ids.get(step.id)}]'s; step ids must be unique` })
    else ids.set(step.id, i)
  })

  template.steps.forEach((step, i) => {
    const need = (field: keyof TemplateStep, why: string) => step[field] === undefined && problems.push({ path: at(i, field), message: why })
    const forbid = (fields: (keyof TemplateStep)[]) => {
      for (const f of fields) if (step[f] !== undefined) problems.push({ path: at(i, f), message: `${String(f)} does not apply to a ${step.type} step` })
    }
    if (step.type === 'task') {
      need('task', 'a task step names the task definition it runs')
      forbid(['workflow', 'forEach', 'childInput', 'duration', 'dueIn'])
      if (step.task !== undefined) {
        const versions = refs.taskVersions(step.task)
        const elsewhere = versions.length === 0 ? (refs.taskElsewhere?.(step.task) ?? null) : null
        if (versions.length === 0)
          problems.push({
            path: at(i, 'task'),
            message: elsewhere
              ? `task definition "${step.task}" is registered in organisation ${elsewhere}, not in the one that provides this template's service; register it there (organizationId)`
              : `no task definition "${step.task}" in this organisation; register it first`,
          })
        else if (step.taskVersion !== undefined && !semver.maxSatisfying(versions, step.taskVersion))
          problems.push({ path: at(i, 'taskVersion'), message: `no version of task "${step.task}" satisfies "${step.taskVersion}" (registered: ${versions.join(', ')})` })
      }
    } else if (step.type === 'human') {
      forbid(['task', 'taskVersion', 'workflow', 'forEach', 'childInput', 'duration', 'reference'])
    } else if (step.type === 'sys.sub_workflow') {
      need('workflow', 'a sys.sub_workflow step names the workflow its children run')
      forbid(['task', 'taskVersion', 'duration', 'dueIn', 'input', 'reference'])
      if (step.workflow !== undefined && step.workflow !== template.id && !refs.workflowExists(step.workflow))
        problems.push({ path: at(i, 'workflow'), message: `no workflow "${step.workflow}"; register it first` })
      if (step.workflow === template.id) problems.push({ path: at(i, 'workflow'), message: 'a workflow cannot start itself as its own child' })
      else if (step.workflow !== undefined && refs.childWorkflowsOf) {
        const loop = pathBack(step.workflow, template.id, refs.childWorkflowsOf)
        if (loop)
          problems.push({
            path: at(i, 'workflow'),
            message: `${[template.id, ...loop].join(' starts ')}: a workflow cannot start itself through others (each run would start another without end)`,
          })
      }
      if (step.childInput !== undefined && step.forEach === undefined) problems.push({ path: at(i, 'childInput'), message: 'childInput needs forEach (its `item`)' })
    } else if (step.type === 'sys.wait') {
      need('duration', 'a sys.wait step says how long it waits (duration, ms)')
      forbid(['task', 'taskVersion', 'workflow', 'forEach', 'childInput', 'dueIn', 'input', 'assignee', 'reference'])
    }
    if (step.resources?.length && step.type === 'sys.sub_workflow')
      problems.push({ path: at(i, 'resources'), message: "a sys.sub_workflow step holds no resources (its children's steps do)" })
    if (refs.resource)
      step.resources?.forEach((r, k) => {
        const problem = requirementProblem(r, refs.resource!(r.type))
        if (problem) problems.push({ path: at(i, `resources[${k}]`), message: problem })
      })
    ;(step.dependsOn ?? []).forEach((dep, d) => {
      if (!ids.has(dep)) problems.push({ path: at(i, `dependsOn[${d}]`), message: `no step "${dep}" in this template` })
      else if (dep === step.id) problems.push({ path: at(i, `dependsOn[${d}]`), message: 'a step cannot depend on itself' })
    })
  })

  const cycle = findCycle(template.steps)
  if (cycle) problems.push({ path: at(ids.get(cycle[0]!)!, 'dependsOn'), message: `the steps depend on each other in a cycle: ${cycle.join(' → ')}` })

  // Expressions: each parses and type-checks, and reads only steps it comes after (or itself has
  // finished before: a step's own output is not there when its condition is decided).
  const ancestors = cycle ? null : ancestorsOf(template.steps)
  template.steps.forEach((step, i) => {
    const expressions: [string, string][] = [
      ...(['condition', 'activation', 'forEach', 'childInput', 'reference'] as const).filter((f) => step[f] !== undefined).map((f) => [f, step[f]!] as [string, string]),
      ...Object.entries(step.input ?? {}).map(([field, e]) => [`input.${field}`, e] as [string, string]),
    ]
    for (const [field, text] of expressions) {
      const problem = expressionProblem(text)
      if (problem) {
        problems.push({ path: at(i, field), message: `expression does not parse: ${problem}` })
        continue
      }
      // `item` exists only in a fan-out's childInput (elsewhere it would always be null).
      if (field !== 'childInput' && /(^|[^\w.])item\b/.test(withoutStrings(text)))
        problems.push({ path: at(i, field), message: "`item` is only defined in a sys.sub_workflow step's childInput" })
      for (const read of compileExpression(text).steps) {
        if (!ids.has(read)) problems.push({ path: at(i, field), message: `reads __steps__.${read}, but the template has no step "${read}"` })
        else if (ancestors && !ancestors.get(step.id)!.has(read))
          problems.push({ path: at(i, field), message: `reads __steps__.${read}, which does not finish before this step (add it to dependsOn)` })
      }
    }
  })
  // The result: over any step's output (steps that did not complete read as absent: use has()).
  for (const field of ['output', 'summary'] as const) {
    const text = template[field]
    if (text === undefined) continue
    const problem = expressionProblem(text)
    if (problem) problems.push({ path: field, message: `expression does not parse: ${problem}` })
    else
      for (const read of compileExpression(text).steps)
        if (!ids.has(read)) problems.push({ path: field, message: `reads __steps__.${read}, but the template has no step "${read}"` })
  }
  return problems
}

/** The expression with its string literals emptied, so words inside them are not taken for names. */
const withoutStrings = (text: string) => text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')

/** The chain of child workflows from `from` that starts `target` again (ending with it), or null. */
function pathBack(from: string, target: string, childrenOf: (workflow: string) => string[]): string[] | null {
  const seen = new Set<string>()
  const walk = (key: string, chain: string[]): string[] | null => {
    if (key === target) return chain
    if (seen.has(key)) return null
    seen.add(key)
    for (const child of childrenOf(key)) {
      const found = walk(child, [...chain, child])
      if (found) return found
    }
    return null
  }
  return walk(from, [from])
}

/** A dependency cycle as step ids (first repeated at the end), or null. */
function findCycle(steps: readonly TemplateStep[]): string[] | null {
  const deps = new Map(steps.map((s, i) => [s.id, dependenciesOfStep(steps, i).filter((d) => d !== s.id)]))
  const state = new Map<string, 'visiting' | 'done'>()
  const path: string[] = []
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done' || !deps.has(id)) return null
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id]
    state.set(id, 'visiting')
    path.push(id)
    for (const d of deps.get(id)!) {
      const found = visit(d)
      if (found) return found
    }
    path.pop()
    state.set(id, 'done')
    return null
  }
  for (const s of steps) {
    const found = visit(s.id)
    if (found) return found.reverse()
  }
  return null
}

/** For each step, every step that finishes before it starts (its dependencies, transitively). */
function ancestorsOf(steps: readonly TemplateStep[]): Map<string, Set<string>> {
  const direct = new Map(steps.map((s, i) => [s.id, dependenciesOfStep(steps, i)]))
  const memo = new Map<string, Set<string>>()
  const of = (id: string): Set<string> => {
    const known = memo.get(id)
    if (known) return known
    const all = new Set<string>()
    memo.set(id, all)
    for (const d of direct.get(id) ?? []) {
      all.add(d)
      for (const a of of(d)) all.add(a)
    }
    return all
  }
  for (const s of steps) of(s.id)
  return memo
}

/** Seed 003's retry policy as the engine's. */
export function retryPolicyOf(policy: z.infer<typeof taskRetryPolicySchema>) {
  const multiplier = policy.backoffMultiplier ?? 2
  const maxDelay = policy.maxRetryInterval ?? Math.min(MAX_TIMEOUT_MS, Math.round(policy.retryInterval * multiplier ** Math.max(0, policy.maxRetries - 1)))
  return {
    maxRetries: policy.maxRetries,
    backoff: multiplier === 1 ? ('linear' as const) : ('exponential' as const),
    multiplier,
    initialDelay: policy.retryInterval,
    maxDelay: Math.max(maxDelay, policy.retryInterval),
    ...(policy.retryableErrors ? { retryableErrors: policy.retryableErrors } : {}),
  }
}
