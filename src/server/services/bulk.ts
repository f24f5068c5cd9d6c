// Bulk cancel and retry from the list: each execution changed through the write path on its own
// (so each gets its events, audit entry and lifecycle check), the many of them sharing commits.
import { BULK_LIMIT, type BulkInput, type ListFilter } from '../domain/schemas'
import { statusesAllowing, type ExecutionStatus } from '../domain/lifecycle'
import type { Actor } from '../domain/actor'
import type { ExecutionService } from './executions'
import { badRequest } from './errors'

export interface BulkReads {
  count(filter: ListFilter): Promise<number>
  ids(filter: ListFilter, limit: number): Promise<string[]>
}

export interface BulkResult {
  /** Executions the change was asked of. */
  matched: number
  changed: number
  /** The first refusals, each with the server's reason. */
  refused: { id: string; message: string }[]
  refusedCount: number
  /** A dry run: nothing was changed; `changed` and the refusals are what the change would do, `wouldChange` the first of those it would change. */
  dryRun?: true
  wouldChange?: string[]
}

/** What a dry run lists of each side. */
const DRY_RUN_LISTED = 200

/** The filter narrowed to the statuses the operation can act on (a retry only of failed ones). */
function actionableFilter(operation: BulkInput['operation'], filter: ListFilter): ListFilter {
  const allowed = statusesAllowing(operation)
  const status: ExecutionStatus[] = allowed.filter((s) => (!filter.status || filter.status.includes(s)) && !filter.notStatus?.includes(s))
  return { ...filter, status, notStatus: undefined }
}

/** How many executions a bulk change of a filter would act on (shown before confirming). */
export async function bulkCount(reads: BulkReads, input: Pick<BulkInput, 'operation' | 'filter' | 'ids'>): Promise<number> {
  if (input.ids) return input.ids.length
  const filter = actionableFilter(input.operation, input.filter!)
  return filter.status!.length ? reads.count(filter) : 0
}

export async function bulkChange(executions: ExecutionService, reads: BulkReads, actor: Actor, input: BulkInput): Promise<BulkResult> {
  let ids = input.ids
  if (!ids) {
    const count = await bulkCount(reads, input)
    if (count > BULK_LIMIT) {
      throw badRequest('filter', `${count} executions match; a bulk ${input.operation} acts on at most ${BULK_LIMIT}: narrow the filter`)
    }
    ids = count ? await reads.ids(actionableFilter(input.operation, input.filter!), BULK_LIMIT) : []
  }
  if (input.dryRun) {
    const verdicts = executions.wouldChange(input.operation, ids, actor, input.operation === 'cancel' ? { reason: input.reason } : {})
    const refusals = verdicts.filter((v): v is Extract<typeof v, { ok: false }> => !v.ok)
    const would = verdicts.filter((v) => v.ok).map((v) => v.id)
    return {
      matched: ids.length,
      changed: would.length,
      refused: refusals.slice(0, DRY_RUN_LISTED).map(({ id, message }) => ({ id, message })),
      refusedCount: refusals.length,
      dryRun: true,
      wouldChange: would.slice(0, DRY_RUN_LISTED),
    }
  }
  const change = (id: string) => (input.operation === 'cancel' ? executions.cancel(id, actor, { reason: input.reason }) : executions.retry(id, actor, {}))
  const refused: BulkResult['refused'] = []
  let changed = 0
  let refusedCount = 0
  // In chunks: each chunk's changes are asked in one turn, so they share commits.
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200)
    const results = await Promise.allSettled(chunk.map(change))
    results.forEach((r, j) => {
      if (r.status === 'fulfilled') changed++
      else {
        refusedCount++
        if (refused.length < 20) refused.push({ id: chunk[j]!, message: r.reason instanceof Error ? r.reason.message : String(r.reason) })
      }
    })
  }
  return { matched: ids.length, changed, refused, refusedCount }
}
