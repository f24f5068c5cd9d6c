// The demo's recovery strategies (seed 002's addRecoveryStrategy), registered once by the demo
// worker so a newcomer sees them work on the timelines and on the Recovery page:
//   crm-sync's flaky CRM API timing out      RETRY, 4 times, 1 s doubling (over the step's own 3)
//   quarterly-analysis's summary failing     SKIP: the executive summary is optional
//   nightly-import's database failing        CHECKPOINT_RESTORE: the batches written are kept
//   the support desk's rate limits           RETRY, 3 times, 2 s doubling (supervision)
// Added only when the console has none of them: once an operator changed or removed some, the
// demo leaves them as they are.
import { ConflictError, RecoveryAction, type Client, type RecoveryStrategy } from '@execution-console/sdk'

export const DEMO_STRATEGIES: RecoveryStrategy[] = [
  {
    id: 'demo-crm-timeouts',
    name: 'Back off when the CRM times out',
    description: 'The CRM API times out often: retry the step with a doubling wait instead of its own three quick retries',
    applicableErrors: ['API_TIMEOUT'],
    type: RecoveryAction.RETRY,
    retry: { maxRetries: 4, retryInterval: 1_000, backoffMultiplier: 2, maxRetryInterval: 8_000 },
    workflow: 'crm-sync',
  },
  {
    id: 'demo-optional-summary',
    name: 'The executive summary is optional',
    description: 'When the model fails on the summary, skip it: the analysis and charts are what the reader needs',
    applicableErrors: ['MODEL_ERROR'],
    type: RecoveryAction.SKIP,
    workflow: 'quarterly-analysis',
  },
  {
    id: 'demo-resume-imports',
    name: 'Resume imports from the last checkpoint',
    description: 'A database error mid-import goes back to the last checkpoint: the batches already written are not written again',
    applicableErrors: ['DATABASE_ERROR'],
    type: RecoveryAction.CHECKPOINT_RESTORE,
    restore: { checkpoint: 'latest', maxRestores: 1 },
    workflow: 'nightly-import',
  },
  {
    id: 'demo-desk-rate-limits',
    name: 'Back off on rate limits',
    description: "The ticket system's rate limit: retry the reported step after 2 s, 4 s, 8 s",
    applicableErrors: ['RATE_LIMIT_EXCEEDED'],
    type: RecoveryAction.RETRY,
    retry: { maxRetries: 3, retryInterval: 2_000, backoffMultiplier: 2 },
    serviceId: 'support-triage-service',
  },
]

/** Adds the demo's strategies the first time the worker meets this console; answers how many it added. */
export async function ensureRecoveryStrategies(client: Client): Promise<number> {
  const existing = await client.listRecoveryStrategies()
  // Registered before (by an earlier start): an operator's edits and removals since are theirs.
  if (existing.some((s) => s.key.startsWith('demo-'))) return 0
  let added = 0
  for (const strategy of DEMO_STRATEGIES) {
    try {
      await client.addRecoveryStrategy(strategy)
      added += 1
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
    }
  }
  return added
}
