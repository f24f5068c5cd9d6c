// Workflows defined in code: steps with handlers, dependencies (independent steps run in
// parallel), conditions, retry policies, timeouts, human steps and sub-workflows.
import type { ExecutionAssignee } from '../domain/execution'
import type { AssigneeType, LogLevel } from '../domain/lifecycle'
import type { RetryPolicy } from '../domain/retry'
import type { MetricsReport } from '../domain/schemas'
import type { ResourceRequirement } from '../domain/resources'

export interface StepOutputs {
  [stepId: string]: { outputData: unknown }
}

export interface StepContext {
  executionId: string
  stepId: string
  /** 1 for the first run of this step, 2 for its first retry, … */
  attempt: number
  /** The execution's input (`context.input`). */
  input: Record<string, unknown>
  /** The execution's context, as `__context__` in expressions. */
  __context__: Record<string, unknown>
  /** Outputs of finished steps, as `__steps__.<id>.outputData`. */
  __steps__: StepOutputs
  /** Variables this step saved with checkpoint() before it was interrupted, if any. */
  restored: Record<string, unknown> | null
  /** Fires on pause, cancel or timeout. */
  signal: AbortSignal
  log(level: LogLevel, message: string, context?: Record<string, unknown>): void
  metrics(report: MetricsReport): Promise<void>
  /** Saves this step's progress; a rerun of the step receives it as `restored`. */
  checkpoint(variables: Record<string, unknown>): Promise<void>
}

export interface ChildSpec {
  workflow: string
  input?: Record<string, unknown>
}

export interface StepDefinition {
  id: string
  name?: string
  assignee: AssigneeType | ExecutionAssignee
  /** Runs the step; omitted for human steps, which wait for an operator. */
  handler?: (ctx: StepContext) => Promise<unknown> | unknown
  /** Sub-workflow step: the children to start; the step completes when they all have. */
  children?: (ctx: Pick<StepContext, 'input' | '__context__' | '__steps__'>) => ChildSpec[]
  /** False → the step is skipped. */
  condition?: (ctx: Pick<StepContext, 'input' | '__context__' | '__steps__'>) => boolean
  disabled?: boolean
  /** Seed 004's activation policy: false → the step is disabled when its turn comes. */
  activation?: (ctx: Pick<StepContext, 'input' | '__context__' | '__steps__'>) => boolean
  /** A task step of a template: its attempts are task instances that workers claim (docs/workers.md). */
  task?: TaskStepSpec
  dependsOn?: string[]
  retryPolicy?: RetryPolicy
  /** ms; the step fails with TIMEOUT when it runs longer. */
  timeout?: number
  /** Human steps: due this long after they start. */
  dueInMs?: number
  /** Seed 002's ResourceRequirements: held from before each attempt starts until it ends (docs/resources.md). */
  resources?: ResourceRequirement[]
}

/** A template's task step: the task definition version it runs and how its input is made. */
export interface TaskStepSpec {
  definitionId: string
  key: string
  version: string
  organizationId: string
  type: string
  timeoutMs: number
  /** The task's input from the execution's state (throws a StepError when an expression fails). */
  input: (ctx: Pick<StepContext, 'input' | '__context__' | '__steps__'>) => unknown
  /** Why the input fails the task's inputSchema (empty: it passes). */
  inputProblems: (input: unknown) => string[]
  /** Seed 003's taskReference: what the task is about, for display. */
  reference?: (ctx: Pick<StepContext, 'input' | '__context__' | '__steps__'>) => unknown
}

/** Seed 002's recovery actions, chosen by error code. */
export type RecoveryAction =
  | { action: 'RETRY'; policy: RetryPolicy }
  | { action: 'SKIP' }
  | { action: 'FALLBACK'; output: (error: { code: string; message: string }) => unknown }
  | { action: 'ABORT' }
  | { action: 'CHECKPOINT_RESTORE' }

export interface WorkflowDefinition {
  id: string
  version: number
  name: string
  description?: string
  service: string
  assignee?: ExecutionAssignee
  steps: StepDefinition[]
  retryPolicy?: RetryPolicy
  timeout?: number
  recovery?: Record<string, RecoveryAction>
  /** Defaults of the execution's context (`__context__`); a start's context overrides them. */
  context?: Record<string, unknown>
  /** Why a start's input fails the workflow's inputSchema (empty: it passes). */
  inputProblems?: (input: Record<string, unknown>) => string[]
  /** The organisation that registered it (a template); none for the console's own. */
  organizationId?: string
  /** Summary written into the result when the workflow completes. */
  summarize?: (outputs: StepOutputs) => { output: unknown; summary: string }
}

export function defineWorkflow(definition: WorkflowDefinition): WorkflowDefinition {
  const ids = new Set<string>()
  for (const step of definition.steps) {
    if (ids.has(step.id)) throw new Error(`workflow ${definition.id}: step id ${step.id} appears twice`)
    ids.add(step.id)
    if (!step.handler && !step.children && !step.task && assigneeType(step.assignee) !== 'human') {
      throw new Error(`workflow ${definition.id}: step ${step.id} needs a handler, children, a task, or a human assignee`)
    }
  }
  for (const step of definition.steps) {
    for (const dep of step.dependsOn ?? []) {
      if (!ids.has(dep)) throw new Error(`workflow ${definition.id}: step ${step.id} depends on unknown step ${dep}`)
    }
  }
  return definition
}

export const assigneeType = (a: StepDefinition['assignee']): AssigneeType => (typeof a === 'string' ? a : a.type)
export const assigneeObject = (a: StepDefinition['assignee']): ExecutionAssignee => (typeof a === 'string' ? { type: a } : a)

/** Steps run in definition order unless they say what they depend on; then they wait only for that. */
export function dependenciesOf(definition: WorkflowDefinition, index: number): string[] {
  const step = definition.steps[index]!
  if (step.dependsOn) return step.dependsOn
  return index === 0 ? [] : [definition.steps[index - 1]!.id]
}

/** Thrown by handlers to fail with a code of the taxonomy. */
export class StepError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly options: { recoverable?: boolean; context?: Record<string, unknown> } = {},
  ) {
    super(message)
    this.name = 'StepError'
  }
}

export const workflowVersionId = (definition: Pick<WorkflowDefinition, 'id' | 'version'>) => `${definition.id}@${definition.version}`
