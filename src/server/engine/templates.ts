// Workflow templates registered as data (docs/workflows.md), compiled into the engine's workflow
// definitions: the same runner then orders, retries, times out, recovers, fans out and parks
// them as it does the workflows written in code. A task step runs on a worker outside the
// console (task-steps.ts); a wait sleeps here; a human step waits for a person; a sub-workflow
// starts children. Expressions are CEL (domain/expressions.ts); a failing one fails its step
// with CONFIGURATION_ERROR rather than the run.
import { compileExpression, type CompiledExpression, type ExpressionScope } from '../domain/expressions'
import { compileJsonSchema, schemaErrors, type JsonSchema } from '../domain/json-schema'
import { launchSchemaOf } from '../domain/replay'
import { dependenciesOfStep, retryPolicyOf, type TemplateStep, type WorkflowTemplateInput } from '../domain/templates'
import type { ErrorCode } from '../domain/errors'
import type { ResourceRequirement } from '../domain/resources'
import type { Clock } from '../lib/clock'
import type { TaskDefinitionRow, TemplateRow } from './queue-store'
import { defaultResult } from './definitions'
import { StepError, type RecoveryAction, type StepContext, type StepDefinition, type WorkflowDefinition } from './workflow'

type Scope = Pick<StepContext, 'input' | '__context__' | '__steps__'>

/** The most children one sub-workflow step starts: a list from data must not start a flood. */
export const MAX_FAN_OUT = 1_000

/** A template's mistake: not retried, and with no stack (it would show the console's own files). */
function configurationError(message: string): StepError {
  const error = new StepError('CONFIGURATION_ERROR', message, { recoverable: false })
  error.stack = undefined
  return error
}

/**
 * A stored expression, compiled. One that registration refuses now but took when it was stored
 * (a rule added since) fails where it is evaluated — its step, or the summary — not the loading
 * of its whole template.
 */
function compiledOrRefusal(text: string): Pick<CompiledExpression, 'evaluate'> {
  try {
    return compileExpression(text)
  } catch (error) {
    return {
      evaluate: () => {
        throw error
      },
    }
  }
}

/** An expression of a step as a function of the run's state; its failure a CONFIGURATION_ERROR of the step. */
function expressionOf(step: TemplateStep, field: string, text: string) {
  const compiled = compiledOrRefusal(text)
  return (scope: Scope, item?: unknown): unknown => {
    try {
      return compiled.evaluate({ ...(scope as ExpressionScope), item })
    } catch (error) {
      throw configurationError(`step ${step.id}: its ${field} (${text}) failed: ${(error as Error).message.split('\n')[0]}`)
    }
  }
}

/**
 * The result of a template's `output` and `summary` expressions. One that fails does not hold the
 * execution back from completing: its result says what failed instead.
 */
function summarizerOf(template: WorkflowTemplateInput): NonNullable<WorkflowDefinition['summarize']> {
  const output = template.output !== undefined ? compiledOrRefusal(template.output) : null
  const summary = template.summary !== undefined ? compiledOrRefusal(template.summary) : null
  return (outputs) => {
    const scope = { __steps__: outputs, __context__: template.context ?? {}, input: {} } as unknown as ExpressionScope
    const attempt = (field: string, compiled: Pick<CompiledExpression, 'evaluate'>) => {
      try {
        return { value: compiled.evaluate(scope) }
      } catch (error) {
        return { failed: `its ${field} expression failed: ${(error as Error).message.split('\n')[0]}` }
      }
    }
    const out = output ? attempt('output', output) : defaultResult(outputs)
    const text = summary ? attempt('summary', summary) : { value: `${template.name}: ${Object.keys(outputs).length} of ${template.steps.length} steps completed` }
    const failures = [out, text].flatMap((r) => ('failed' in r ? [r.failed] : []))
    return {
      output: 'value' in out ? out.value : null,
      summary: failures.length ? `${template.name}: ${failures.join('; ')}` : typeof text.value === 'string' ? text.value : JSON.stringify(text.value),
    }
  }
}

/** A condition or activation policy: it must say true or false. */
function predicateOf(step: TemplateStep, field: 'condition' | 'activation', text: string) {
  const evaluate = expressionOf(step, field, text)
  return (scope: Scope): boolean => {
    const value = evaluate(scope)
    if (typeof value !== 'boolean') throw configurationError(`step ${step.id}: its ${field} (${text}) gave ${JSON.stringify(value)}, not true or false`)
    return value
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * The engine's definition of a template version. `task` finds the task definition version a task
 * step pinned (null when it is gone: the template cannot run and is left out).
 */
export function compileTemplate(row: TemplateRow, task: (key: string, version: string) => TaskDefinitionRow | undefined, clock: Clock): WorkflowDefinition | null {
  const template = JSON.parse(row.template) as WorkflowTemplateInput
  const steps: StepDefinition[] = []
  for (const [i, s] of template.steps.entries()) {
    const base: StepDefinition = {
      id: s.id,
      name: s.name ?? s.id,
      assignee: 'system',
      dependsOn: dependenciesOfStep(template.steps, i),
      retryPolicy: s.retryPolicy,
      ...(s.resources?.length ? { resources: s.resources } : {}),
      ...(s.condition ? { condition: predicateOf(s, 'condition', s.condition) } : {}),
      ...(s.activation ? { activation: predicateOf(s, 'activation', s.activation) } : {}),
    }
    if (s.type === 'human') steps.push({ ...base, assignee: s.assignee ?? 'human', ...(s.dueIn ? { dueInMs: s.dueIn } : {}) })
    else if (s.type === 'sys.wait') {
      const duration = s.duration ?? 0
      steps.push({
        ...base,
        timeout: s.timeout,
        handler: async (ctx) => {
          await clock.sleep(duration, ctx.signal)
          return { waitedMs: duration }
        },
      })
    } else if (s.type === 'sys.sub_workflow') {
      const forEach = s.forEach ? expressionOf(s, 'forEach', s.forEach) : null
      const childInput = s.childInput ? expressionOf(s, 'childInput', s.childInput) : null
      steps.push({
        ...base,
        children: (scope) => {
          if (!forEach) return [{ workflow: s.workflow!, input: scope.input }]
          const items = forEach(scope)
          if (!Array.isArray(items)) throw configurationError(`step ${s.id}: its forEach (${s.forEach}) gave ${JSON.stringify(items)?.slice(0, 100)}, not a list`)
          if (items.length > MAX_FAN_OUT)
            throw configurationError(`step ${s.id}: its forEach gave ${items.length} items; a step starts at most ${MAX_FAN_OUT} children (nest sub-workflows for more)`)
          return items.map((item) => {
            const input = childInput ? childInput(scope, item) : isObject(item) ? item : { item }
            if (!isObject(input)) throw configurationError(`step ${s.id}: its childInput gave ${JSON.stringify(input)?.slice(0, 100)}, not an object`)
            return { workflow: s.workflow!, input }
          })
        },
      })
    } else {
      const definition = task(s.task!, s.taskVersion!)
      if (!definition) return null
      const fields = Object.entries(s.input ?? {}).map(([field, text]) => [field, expressionOf(s, `input.${field}`, text)] as const)
      const reference = s.reference ? expressionOf(s, 'reference', s.reference) : undefined
      const validateInput = compileJsonSchema(JSON.parse(definition.inputSchema) as JsonSchema)
      steps.push({
        ...base,
        assignee: s.assignee ?? { type: 'system', name: definition.name },
        retryPolicy: s.retryPolicy ?? (definition.retryPolicy ? retryPolicyOf(JSON.parse(definition.retryPolicy)) : undefined),
        ...(!s.resources?.length && definition.resources ? { resources: JSON.parse(definition.resources) as ResourceRequirement[] } : {}),
        task: {
          definitionId: definition.id,
          key: definition.key,
          version: definition.version,
          organizationId: row.organizationId,
          type: definition.type,
          timeoutMs: s.timeout ?? definition.timeoutMs,
          input: (scope) => (fields.length ? Object.fromEntries(fields.map(([field, evaluate]) => [field, evaluate(scope)])) : scope.input),
          inputProblems: (input) => schemaErrors(validateInput, input),
          ...(reference ? { reference: (scope: Scope) => reference(scope) } : {}),
        },
      })
    }
  }
  // The workflow's inputSchema, or its first task's when that task takes the input as it is:
  // a start is refused before anything is written rather than failing at its first step.
  const { schema } = launchSchemaOf(template, (key, version) => {
    const found = task(key, version)
    return found ? (JSON.parse(found.inputSchema) as JsonSchema) : undefined
  })
  const validateExecutionInput = schema !== null ? compileJsonSchema(schema) : null
  return {
    id: row.key,
    version: row.version,
    name: template.name,
    description: template.description,
    service: row.serviceId,
    organizationId: row.organizationId,
    steps,
    retryPolicy: template.retryPolicy,
    timeout: template.timeout,
    context: template.context,
    ...(template.assignee ? { assignee: template.assignee } : {}),
    ...(template.output !== undefined || template.summary !== undefined ? { summarize: summarizerOf(template) } : {}),
    ...(validateExecutionInput ? { inputProblems: (input: Record<string, unknown>) => schemaErrors(validateExecutionInput, input) } : {}),
    recovery: Object.fromEntries(
      Object.entries(template.recovery ?? {}).map(([code, r]) => [
        code as ErrorCode,
        (r.action === 'RETRY' ? { action: 'RETRY', policy: r.policy } : { action: r.action }) as RecoveryAction,
      ]),
    ),
  }
}
