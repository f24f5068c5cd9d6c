// Recovery strategies at run time (seed 002's RecoveryStrategy, addRecoveryStrategy /
// removeRecoveryStrategy): an organisation registers, for error codes, what a failed step gets —
// RETRY with a policy, SKIP, FALLBACK to a named workflow, ABORT, CHECKPOINT_RESTORE — and the
// engine (its workflows' steps) and supervision (steps that outside services report) apply it.
// Pure: which strategy matches a failure, and what it decides (a RecoveryResult).
//
// Where it sits against the other policies (docs/engine.md): a run-time strategy that matches the
// step's error code is applied INSTEAD of the step's own retry policy and the workflow's
// code-defined recovery for that code — the operator's newer decision wins over the author's
// default. A step failure that no strategy matches is handled as before (the step's policy, the
// workflow's recovery, then the execution's retry policy). A RETRY strategy whose retries are used
// up, or a CHECKPOINT_RESTORE with no checkpoint or none left to try, aborts the execution (no
// automatic retry of the whole execution on top: the strategy already spent the budget it was
// given), as seed 002's example ends in ABORT once its retries are exceeded.
import { hasAField, jsonObject, NOTHING_TO_CHANGE } from './schemas'
import { z } from 'zod'

export const RECOVERY_TYPES = ['RETRY', 'SKIP', 'FALLBACK', 'ABORT', 'CHECKPOINT_RESTORE'] as const
export type RecoveryType = (typeof RECOVERY_TYPES)[number]

/** An error code (API_TIMEOUT), a prefix pattern (API_*), or every code (*). */
const ERROR_CODE_PATTERN = /^(\*|[A-Z][A-Z0-9_]{0,99}\*?)$/

/** The RETRY parameters (seed 003's retry policy names: maxRetries, retryInterval, backoffMultiplier, maxRetryInterval). */
export const recoveryRetrySchema = z
  .object({
    maxRetries: z.number().int().min(1, 'at least 1').max(20, 'at most 20'),
    retryInterval: z.number().int().min(0).max(3_600_000).describe('ms before the first retry'),
    backoffMultiplier: z
      .number()
      .min(1, 'at least 1 (1: the same interval every time)')
      .max(10, 'at most 10')
      .optional()
      .describe('Each wait is this many times the one before (default 2)'),
    maxRetryInterval: z.number().int().min(0).max(86_400_000).optional().describe('ms: no wait is longer'),
  })
  .strict()

/**
 * FALLBACK's target (seed 002: "FALLBACK to a named task or workflow"): exactly one of
 * `workflow` (started in the step's place, a child of the failed execution; the step completes
 * with its id) or `task` (a task definition: the failed step is run again as an instance of that
 * task for a worker, with the failed step's input unless `input` is given; its output becomes the
 * step's output).
 */
export const recoveryFallbackSchema = z
  .object({
    workflow: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('The workflow started in its place (a child of the failed execution): a code workflow or a template of your organisation'),
    task: z.string().trim().min(1).max(200).optional().describe("A task definition of the strategy's organisation: the failed step runs again as an instance of it, for a worker"),
    taskVersion: z.string().trim().min(1).max(100).optional().describe('With task: a version or range (default the newest)'),
    input: jsonObject.optional().describe("With task: the instance's input (default the failed step's input)"),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (!f.workflow === !f.task) ctx.addIssue({ code: 'custom', path: [f.workflow ? 'task' : 'workflow'], message: 'give exactly one of workflow or task' })
    if (f.workflow && (f.taskVersion !== undefined || f.input !== undefined))
      ctx.addIssue({ code: 'custom', path: [f.taskVersion !== undefined ? 'taskVersion' : 'input'], message: 'goes with task, not workflow' })
  })

export const recoveryCheckpointSchema = z
  .object({
    checkpoint: z.string().trim().min(1).max(200).optional().describe('"latest" (the default): the newest checkpoint; else a step id: the newest checkpoint taken at that step'),
    maxRestores: z.number().int().min(1).max(10).optional().describe('Restores of one execution by this strategy before it aborts instead (default 1)'),
  })
  .strict()

/** The prefix of the console's ids for strategies: a key may not start with it (a path's {id} would be ambiguous). */
export const STRATEGY_ID_PREFIX = 'rcv_'

const key = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." and "-", starting with a letter or digit')
  .refine(
    (k) => !k.toLowerCase().startsWith(STRATEGY_ID_PREFIX),
    `must not start with "${STRATEGY_ID_PREFIX}": that is the shape of the console's own ids, so a path could not tell them apart`,
  )

const fields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2_000).optional(),
  applicableErrors: z
    .array(z.string().trim().regex(ERROR_CODE_PATTERN, 'an error code such as API_TIMEOUT, a prefix such as API_*, or * for every code'))
    .min(1, 'at least one error code')
    .max(50),
  type: z.enum(RECOVERY_TYPES),
  retry: recoveryRetrySchema.optional(),
  fallback: recoveryFallbackSchema.optional(),
  restore: recoveryCheckpointSchema.optional(),
  serviceId: z.string().trim().min(1).max(200).optional().describe('Only executions of this service'),
  workflow: z.string().trim().min(1).max(200).optional().describe('Only executions of this workflow (its key)'),
  priority: z.number().int().min(0).max(1000).optional().describe('Lower first when several match (default 100)'),
  enabled: z.boolean().optional().describe('Default true'),
}

/** Each type's parameters are required with it and refused with another, naming the field. */
function typeFits(s: { type?: RecoveryType; retry?: unknown; fallback?: unknown; restore?: unknown }, ctx: z.RefinementCtx) {
  const needs: Record<RecoveryType, 'retry' | 'fallback' | 'restore' | null> = { RETRY: 'retry', FALLBACK: 'fallback', CHECKPOINT_RESTORE: 'restore', SKIP: null, ABORT: null }
  if (!s.type) return
  const wanted = needs[s.type]
  if (wanted && s[wanted] === undefined) ctx.addIssue({ code: 'custom', path: [wanted], message: `type ${s.type} needs ${wanted}` })
  for (const param of ['retry', 'fallback', 'restore'] as const) {
    if (param !== wanted && s[param] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [param], message: `${param} goes with type ${Object.entries(needs).find(([, v]) => v === param)![0]}, not ${s.type}` })
    }
  }
}

/** A strategy as registered (addRecoveryStrategy). `id` is the caller's name for it (seed 002's id), unique in its organisation. */
export const recoveryStrategyInputSchema = z
  .object({
    id: key.optional().describe("The strategy's id in its organisation (seed 002: network_timeout_recovery); default a generated one"),
    ...fields,
    organizationId: z.string().trim().min(1).max(200).optional().describe('Whose strategy it is (an organisation where you operate; required when there are several)'),
  })
  .strict()
  .superRefine(typeFits)
  .meta({ id: 'RecoveryStrategyInput' })

/** A change of a strategy (PATCH): any of its fields; the type's parameters are checked against the type it ends with. */
export const recoveryStrategyPatchSchema = z
  .object({
    name: fields.name.optional(),
    description: z.string().max(2_000).nullable().optional(),
    applicableErrors: fields.applicableErrors.optional(),
    type: fields.type.optional(),
    retry: recoveryRetrySchema.nullable().optional(),
    fallback: recoveryFallbackSchema.nullable().optional(),
    restore: recoveryCheckpointSchema.nullable().optional(),
    serviceId: z.string().trim().min(1).max(200).nullable().optional(),
    workflow: z.string().trim().min(1).max(200).nullable().optional(),
    priority: z.number().int().min(0).max(1000).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine(hasAField, NOTHING_TO_CHANGE)
  .meta({ id: 'RecoveryStrategyPatch' })

export type RecoveryStrategyInput = z.infer<typeof recoveryStrategyInputSchema>
export type RecoveryStrategyPatch = z.infer<typeof recoveryStrategyPatchSchema>

/** A stored strategy as the domain reasons about it. */
export interface RecoveryStrategy {
  id: string
  key: string
  organizationId: string
  name: string
  description?: string
  applicableErrors: string[]
  type: RecoveryType
  retry?: z.infer<typeof recoveryRetrySchema>
  fallback?: z.infer<typeof recoveryFallbackSchema>
  restore?: z.infer<typeof recoveryCheckpointSchema>
  serviceId?: string
  workflow?: string
  priority: number
  enabled: boolean
  createdAt: string
}

/**
 * The strategy with its type's parameters checked after a change: a PATCH that moves RETRY to
 * SKIP drops `retry`; one that moves SKIP to RETRY without `retry` is refused (the reasons).
 */
export function problemsOf(s: Pick<RecoveryStrategy, 'type' | 'retry' | 'fallback' | 'restore'>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = []
  typeFits(s, {
    addIssue: (i: { path?: PropertyKey[]; message?: string }) => problems.push({ path: String(i.path?.[0] ?? ''), message: i.message ?? '' }),
  } as unknown as z.RefinementCtx)
  return problems
}

/** A type's parameters with their defaults written out, as they are stored and shown. */
export function withDefaults<S extends Pick<RecoveryStrategy, 'retry' | 'restore'>>(s: S): S {
  return {
    ...s,
    ...(s.retry ? { retry: { ...s.retry, backoffMultiplier: s.retry.backoffMultiplier ?? 2 } } : {}),
    ...(s.restore ? { restore: { checkpoint: s.restore.checkpoint ?? 'latest', maxRestores: s.restore.maxRestores ?? 1 } } : {}),
  }
}

/** Whether `pattern` (a code, PREFIX_*, or *) covers `code`. */
export function codeMatches(pattern: string, code: string): boolean {
  if (pattern === '*') return true
  if (pattern.endsWith('*')) return code.startsWith(pattern.slice(0, -1))
  return pattern === code
}

/** How closely a strategy names a code: exact before prefix before *, then longer prefixes first. */
function specificity(s: Pick<RecoveryStrategy, 'applicableErrors'>, code: string): number {
  let best = -1
  for (const p of s.applicableErrors) {
    if (!codeMatches(p, code)) continue
    best = Math.max(best, p === code ? 1_000 : p === '*' ? 0 : p.length)
  }
  return best
}

export interface RecoveryFailure {
  code: string
  serviceId: string
  /** The workflow's key, when a workflow runs the execution. */
  workflow?: string | null
}

/**
 * The strategy that handles a failure: enabled, naming its code, and scoped to its service and
 * workflow when it says so. Several match: lowest priority number, then the most specific code
 * pattern, then one scoped to the workflow or service over one that is not, then the oldest.
 */
export function matchStrategy<S extends Omit<RecoveryStrategy, 'id' | 'key' | 'organizationId' | 'name'>>(strategies: readonly S[], failure: RecoveryFailure): S | undefined {
  const scoped = (s: S) => (s.workflow ? 2 : 0) + (s.serviceId ? 1 : 0)
  return strategies
    .filter((s) => s.enabled && (!s.serviceId || s.serviceId === failure.serviceId) && (!s.workflow || s.workflow === failure.workflow) && specificity(s, failure.code) >= 0)
    .sort((a, b) => a.priority - b.priority || specificity(b, failure.code) - specificity(a, failure.code) || scoped(b) - scoped(a) || a.createdAt.localeCompare(b.createdAt))[0]
}

/** Seed 002's RecoveryResult: whether it recovered, the action taken, the new state, and what it did. */
export interface RecoveryResult {
  success: boolean
  action: RecoveryType
  message: string
  newState?: Record<string, unknown>
}

/** What the engine or supervision does for a failure, with the result it records. */
export type RecoveryDecision =
  | { kind: 'retry'; delay: number; attempt: number; maxRetries: number; result: RecoveryResult }
  | { kind: 'skip'; result: RecoveryResult }
  | { kind: 'fallback'; workflow?: string; task?: { key: string; version?: string; input?: Record<string, unknown> }; result: RecoveryResult }
  | { kind: 'abort'; result: RecoveryResult }
  | { kind: 'restore'; checkpoint: string; result: RecoveryResult }

/** The wait before retry number `attempt` (1 = the first): retryInterval × backoffMultiplier^(attempt−1), at most maxRetryInterval. */
export function recoveryDelay(retry: z.infer<typeof recoveryRetrySchema>, attempt: number): number {
  const delay = retry.retryInterval * (retry.backoffMultiplier ?? 2) ** Math.max(0, attempt - 1)
  return Math.round(Math.min(delay, retry.maxRetryInterval ?? Number.POSITIVE_INFINITY))
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))}s`

/**
 * What `strategy` decides for a step's failure. `retriesUsed`: the step's retries by this
 * strategy so far; `restoresUsed`: this execution's restores by it so far. A RETRY past its
 * budget and a restore past maxRestores abort (success false), as seed 002's example does.
 */
export function decideRecovery(
  strategy: Pick<RecoveryStrategy, 'type' | 'retry' | 'fallback' | 'restore' | 'name'>,
  failure: { code: string; step?: string; retriesUsed: number; restoresUsed: number; fallbacksUsed?: number },
): RecoveryDecision {
  const where = failure.step ? `step ${failure.step}` : 'the execution'
  switch (strategy.type) {
    case 'RETRY': {
      const retry = strategy.retry!
      if (failure.retriesUsed < retry.maxRetries) {
        const attempt = failure.retriesUsed + 1
        const delay = recoveryDelay(retry, attempt)
        return {
          kind: 'retry',
          delay,
          attempt,
          maxRetries: retry.maxRetries,
          result: {
            success: true,
            action: 'RETRY',
            message: `Retrying ${where} after ${seconds(delay)} (attempt ${attempt}/${retry.maxRetries})`,
            newState: { retryCount: attempt },
          },
        }
      }
      return { kind: 'abort', result: { success: false, action: 'ABORT', message: `Max retries (${retry.maxRetries}) exceeded for ${failure.code}: the execution is aborted` } }
    }
    case 'SKIP':
      return { kind: 'skip', result: { success: true, action: 'SKIP', message: `Skipped ${where} after ${failure.code}; the execution goes on` } }
    case 'FALLBACK': {
      const { workflow, task, taskVersion, input } = strategy.fallback!
      if (task) {
        // One fallback per failure: a fallback task that fails too aborts (no loop of fallbacks).
        if ((failure.fallbacksUsed ?? 0) > 0)
          return {
            kind: 'abort',
            result: { success: false, action: 'ABORT', message: `Fallback task ${task} failed too for ${where} (${failure.code}): the execution is aborted` },
          }
        return {
          kind: 'fallback',
          task: { key: task, ...(taskVersion ? { version: taskVersion } : {}), ...(input ? { input } : {}) },
          result: { success: true, action: 'FALLBACK', message: `Fell back to task ${task} for ${where} after ${failure.code}` },
        }
      }
      return { kind: 'fallback', workflow, result: { success: true, action: 'FALLBACK', message: `Fell back to workflow ${workflow} for ${where} after ${failure.code}` } }
    }
    case 'ABORT':
      return { kind: 'abort', result: { success: true, action: 'ABORT', message: `Aborted the execution on ${failure.code} (no retry)` } }
    case 'CHECKPOINT_RESTORE': {
      const restore = { checkpoint: strategy.restore?.checkpoint ?? 'latest', maxRestores: strategy.restore?.maxRestores ?? 1 }
      if (failure.restoresUsed < restore.maxRestores) {
        return {
          kind: 'restore',
          checkpoint: restore.checkpoint,
          result: {
            success: true,
            action: 'CHECKPOINT_RESTORE',
            message: `Restoring the ${restore.checkpoint === 'latest' ? 'latest checkpoint' : `checkpoint of step ${restore.checkpoint}`} after ${failure.code} (restore ${failure.restoresUsed + 1}/${restore.maxRestores})`,
          },
        }
      }
      return { kind: 'abort', result: { success: false, action: 'ABORT', message: `Restores (${restore.maxRestores}) used up for ${failure.code}: the execution is aborted` } }
    }
  }
}

/** The event each application appends to the execution's timeline. */
export const RECOVERY_APPLIED = 'execution.recovery.applied'

/** A strategy as the API answers it (the output contract, documented in the OpenAPI document). */
export const recoveryStrategySchema = z
  .object({
    id: z.string().describe("The console's id for it"),
    key: z.string().describe("The id it was registered with (seed 002's id); REST and the SDK accept either"),
    organizationId: z.string(),
    name: z.string(),
    description: z.string().optional(),
    applicableErrors: z.array(z.string()),
    type: z.enum(RECOVERY_TYPES),
    retry: recoveryRetrySchema.optional(),
    fallback: recoveryFallbackSchema.optional(),
    restore: recoveryCheckpointSchema.optional(),
    serviceId: z.string().optional(),
    workflow: z.string().optional(),
    priority: z.number().int(),
    enabled: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    applications: z.number().int().describe('How often it was applied (each is an execution.recovery.applied event)'),
    lastAppliedAt: z.string().optional(),
  })
  .meta({ id: 'RecoveryStrategy' })
