// Recovery strategies at run time (seed 002's addRecoveryStrategy / removeRecoveryStrategy): the
// console applies them — in its engine and in its supervision of executions services report —
// to every failed step of your organisation's executions whose error code they name. A strategy
// is data the console keeps (type and parameters), not code: seed 002's `execute(context)` runs
// nowhere, so a strategy says what it does with `type` (RecoveryAction) and that type's
// parameters. Seed 002's example keeps its shape: add `type` and `retry` beside its `execute`.
import { ValidationError } from './errors.js'
import type { Transport } from './http.js'
import type { components } from './openapi.js'

export type RecoveryStrategyData = components['schemas']['RecoveryStrategy']
export type RecoveryStrategyInput = components['schemas']['RecoveryStrategyInput']
export type RecoveryStrategyPatch = components['schemas']['RecoveryStrategyPatch']

/** Seed 002's RecoveryAction: what a strategy does. */
export const RecoveryAction = {
  RETRY: 'RETRY',
  SKIP: 'SKIP',
  FALLBACK: 'FALLBACK',
  ABORT: 'ABORT',
  CHECKPOINT_RESTORE: 'CHECKPOINT_RESTORE',
} as const
export type RecoveryAction = (typeof RecoveryAction)[keyof typeof RecoveryAction]

/** Seed 002's RecoveryResult, as each application's `execution.recovery.applied` event carries it. */
export interface RecoveryResult {
  success: boolean
  action: RecoveryAction
  message: string
  newState?: Record<string, unknown>
}

/** A strategy as seed 002 writes it (id, name, description, applicableErrors), with what the console applies. */
export type RecoveryStrategy = RecoveryStrategyInput & {
  /** Seed 002's callback. The console cannot run your code: `type` and its parameters say what it does. */
  execute?: (...args: never[]) => unknown
}

export interface RecoveryStrategies {
  /** Registers a strategy; answers it as stored. */
  addRecoveryStrategy(strategy: RecoveryStrategy): Promise<RecoveryStrategyData>
  /**
   * Removes a strategy by its id or the id it was registered with. A key that several of your
   * organisations use is refused (409, naming them) unless `organizationId` says which.
   */
  removeRecoveryStrategy(strategyId: string, options?: { organizationId?: string }): Promise<void>
  /** Your organisations' strategies, by priority, with how often each was applied. */
  listRecoveryStrategies(): Promise<RecoveryStrategyData[]>
  /** Changes a strategy (enable or disable it, its codes, type, parameters, scope, priority). */
  updateRecoveryStrategy(strategyId: string, patch: RecoveryStrategyPatch, options?: { organizationId?: string }): Promise<RecoveryStrategyData>
}

export function recoveryStrategies(transport: Transport): RecoveryStrategies {
  const path = (id: string) => `/recovery-strategies/${encodeURIComponent(id)}`
  return {
    addRecoveryStrategy(strategy) {
      const { execute, ...data } = strategy
      if (!data.type) {
        const message =
          typeof execute === 'function'
            ? 'type: an execute function runs nowhere — the console applies strategies as data; give type (RETRY, SKIP, FALLBACK, ABORT, CHECKPOINT_RESTORE) and its parameters (retry, fallback, restore)'
            : 'type: one of RETRY, SKIP, FALLBACK, ABORT, CHECKPOINT_RESTORE'
        return Promise.reject(new ValidationError(message, 400, 'BAD_REQUEST', { code: 'BAD_REQUEST', message, field: 'type' }))
      }
      return transport.request('POST', '/recovery-strategies', { body: data })
    },
    removeRecoveryStrategy: async (strategyId, options) => {
      await transport.request('DELETE', path(strategyId), { query: { organizationId: options?.organizationId } })
    },
    listRecoveryStrategies: () => transport.request('GET', '/recovery-strategies'),
    updateRecoveryStrategy: (strategyId, patch, options) => transport.request('PATCH', path(strategyId), { body: patch, query: { organizationId: options?.organizationId } }),
  }
}
