// What every module of the write path works with: the transaction handle its plain functions
// take, and the shape of a change. (docs/glossary.md names the terms: change, step boundary,
// lease, outbox, group commit.)
import type { Execution as ExecutionRow, ExecutionStep as StepRow } from '@/generated/prisma/client'
import type { z } from 'zod'
import type { Writer } from '../../db/writer'
import type { Actor } from '../../domain/actor'
import type { completeStepSchema, errorInputSchema, resultSchema, startStepSchema } from '../../domain/schemas'
import type { createTableWriter, Fields } from './tables'

/** Inside one write transaction: the statements, and what the change may need besides. */
export interface Tx {
  readonly w: Writer
  readonly tables: ReturnType<typeof createTableWriter>
  /** Jitter of automatic retries (injectable for tests). */
  readonly random: () => number
  /** Webhooks to loopback or private addresses are refused unless allowed (tests, local development). */
  readonly allowPrivateWebhooks: boolean
  /** Says a webhook was written in this transaction: the outbox then looks for subscribers. */
  readonly webhookWritten: () => void
}

/** An event to append; `by` when someone other than the change's actor did it (the engine starting a run it was asked for). */
export type NewEvent = { type: string; stepId?: string; status?: string; data?: unknown; by?: Actor }
/** An event a change appends: of the change's execution unless it names another. */
export type EventToAppend = NewEvent & { executionId?: string }

/** A change of one execution: column → new value (`increment(n)` adds), and its events. */
export type Change = {
  data?: Fields
  events: NewEvent[]
  /** Telemetry (progress, metrics, logs) leaves the version alone so operators' expectedVersion stays valid. */
  bumpVersion?: boolean
}

/** Who runs an execution, for how long unless renewed. */
export type Lease = { workerId: string; leaseMs: number }
/** An ended or waiting execution holds no worker's lease. */
export const NO_LEASE = { leaseOwner: null, leaseExpiresAt: null }

/** What every change reads of an execution: who owns it, its version and status. */
export type ChangeableRow = Pick<ExecutionRow, 'id' | 'status' | 'version' | 'customerId' | 'providerId' | 'stalledAt'>

/** What starting, completing and advancing a step read of it: not its input, assignee or error. */
export const STEP_STATE_COLUMNS = '"id", "stepId", "status", "name", "startedAt", "dependsOn", "attempt", "retries", "output", "metadata"'
export type StepState = Pick<StepRow, 'id' | 'stepId' | 'status' | 'name' | 'startedAt' | 'dependsOn' | 'attempt' | 'retries' | 'output' | 'metadata'>

export type ErrorInput = z.infer<typeof errorInputSchema>
export type ResultInput = z.infer<typeof resultSchema>
export type StartStepInput = z.infer<typeof startStepSchema>
export type CompleteStepInput = z.infer<typeof completeStepSchema>

/** Milliseconds from `from` to `to` (null when it never began). */
export const ms = (from: Date | null, to: Date) => (from ? Math.max(0, to.getTime() - from.getTime()) : null)

/** Checkpoints kept per execution; results listed step by step up to this many steps. */
export const KEEP_CHECKPOINTS = 20
export const MAX_RESULTS_IN_CHECKPOINT = 200
