// The error taxonomy (docs/glossary.md), and whether each code is worth retrying by default.
import type { z } from 'zod'
import type { executionErrorSchema } from './contracts'

export const ERROR_CATEGORIES = {
  system: ['SYSTEM_ERROR', 'TIMEOUT', 'OUT_OF_MEMORY', 'RATE_LIMIT_EXCEEDED'],
  integration: ['API_ERROR', 'API_TIMEOUT', 'API_UNAUTHORIZED', 'API_RATE_LIMIT', 'INTEGRATION_ERROR', 'WEBHOOK_ERROR'],
  data: ['INVALID_INPUT', 'VALIDATION_ERROR', 'DATA_NOT_FOUND', 'DATABASE_ERROR'],
  service: ['SERVICE_UNAVAILABLE', 'DEPENDENCY_ERROR', 'CONFIGURATION_ERROR'],
  business: ['BUSINESS_RULE_VIOLATION', 'PERMISSION_DENIED', 'QUOTA_EXCEEDED'],
  model: ['MODEL_ERROR', 'GENERATION_FAILED', 'CONTENT_POLICY_VIOLATION'],
  custom: ['CUSTOM_ERROR'],
} as const
export type ErrorCode = (typeof ERROR_CATEGORIES)[keyof typeof ERROR_CATEGORIES][number]
export const ERROR_CODES = Object.values(ERROR_CATEGORIES).flat() as unknown as readonly [ErrorCode, ...ErrorCode[]]

/** Transient failures: trying again later may well succeed. */
const RECOVERABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SYSTEM_ERROR',
  'TIMEOUT',
  'OUT_OF_MEMORY',
  'RATE_LIMIT_EXCEEDED',
  'API_ERROR',
  'API_TIMEOUT',
  'API_RATE_LIMIT',
  'INTEGRATION_ERROR',
  'WEBHOOK_ERROR',
  'DATABASE_ERROR',
  'SERVICE_UNAVAILABLE',
  'DEPENDENCY_ERROR',
  'MODEL_ERROR',
  'GENERATION_FAILED',
])

function isKnownErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code)
}

/** Default for `recoverable` when a caller does not say; unknown (custom) codes are not. */
export function isRecoverableByDefault(code: string): boolean {
  return isKnownErrorCode(code) && RECOVERABLE_BY_DEFAULT.has(code)
}

/** An execution's or a step's error as the API shows it (the output contract's: contracts.ts). */
export type ExecutionError = z.infer<typeof executionErrorSchema>
