'use client'
// Cancel or retry the selected executions, or every one the filter matches: the count the
// server will act on is shown before the operator confirms, and refusals come back by name.
import { useState } from 'react'
import { toast } from 'sonner'
import type { ListFilter } from '@/server/domain/schemas'
import { api } from '@/trpc/react'
import { ConfirmDialog } from '@/components/ui/ConfirmDialog'

type Operation = 'cancel' | 'retry'

/** `matching`: how many executions the filter matches (unknown while counted): none, and the "all matching" actions are not offered. */
export function BulkActions({
  selected,
  filter,
  matching,
  onDone,
  canOperate,
}: {
  selected: string[]
  filter: ListFilter
  matching?: number
  onDone: () => void
  canOperate: boolean
}) {
  const utils = api.useUtils()
  const bulk = api.executions.bulk.useMutation()
  const [counts, setCounts] = useState<Partial<Record<Operation, number>>>({})
  const [reason, setReason] = useState('')
  if (!canOperate) return null

  const run = async (operation: Operation, target: { ids: string[] } | { filter: ListFilter }) => {
    try {
      const result = await bulk.mutateAsync({ operation, ...target, ...(operation === 'cancel' && reason ? { reason } : {}) })
      const verb = operation === 'cancel' ? 'Cancelled' : 'Retried'
      if (result.refusedCount) toast.warning(`${verb} ${result.changed} of ${result.matched}; ${result.refusedCount} refused: ${result.refused[0]?.message ?? ''}`)
      else toast.success(`${verb} ${result.changed} ${result.changed === 1 ? 'execution' : 'executions'}`)
      await utils.executions.list.invalidate()
      onDone()
    } catch (error) {
      toast.error(error instanceof Error ? error.message : String(error))
      throw error
    }
  }
  const countAll = async (operation: Operation) => {
    setCounts((c) => ({ ...c, [operation]: undefined }))
    const n = await utils.executions.bulkCount.fetch({ operation, filter })
    setCounts((c) => ({ ...c, [operation]: n }))
  }
  const reasonField = (
    <label className="flex flex-col text-sm">
      Reason (recorded on each execution)
      <input value={reason} onChange={(e) => setReason(e.target.value)} className="rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-800" />
    </label>
  )
  const button = (label: string, onClick?: () => void) => (
    <button type="button" onClick={onClick} className="rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-600">
      {label}
    </button>
  )
  const plural = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'execution' : 'executions'}`

  return (
    <div role="toolbar" aria-label="bulk actions" className="flex flex-wrap items-center gap-2">
      {selected.length > 0 && (
        <>
          <span className="text-sm">{selected.length} selected</span>
          <ConfirmDialog
            trigger={button(`Cancel ${selected.length} selected`)}
            title={`Cancel ${plural(selected.length)}?`}
            description="Each is cancelled through its lifecycle; those already finished are refused and listed."
            confirmLabel={`Cancel ${plural(selected.length)}`}
            onConfirm={() => run('cancel', { ids: selected })}
          >
            {reasonField}
          </ConfirmDialog>
          <ConfirmDialog
            trigger={button(`Retry ${selected.length} selected`)}
            title={`Retry ${plural(selected.length)}?`}
            description="Only failed executions can be retried; others are refused and listed."
            confirmLabel={`Retry ${plural(selected.length)}`}
            destructive={false}
            onConfirm={() => run('retry', { ids: selected })}
          />
        </>
      )}
      {matching !== 0 && (
        <>
          <ConfirmDialog
            trigger={button('Cancel all matching…', () => void countAll('cancel'))}
            title={counts.cancel === undefined ? 'Counting…' : `Cancel ${plural(counts.cancel)} matching this filter?`}
            description="Every execution the current filter matches that can still be cancelled (queued, running, paused, failed or waiting to retry)."
            confirmLabel={counts.cancel === undefined ? 'Cancel all' : `Cancel ${plural(counts.cancel)}`}
            confirmDisabled={!counts.cancel}
            onConfirm={() => run('cancel', { filter })}
          >
            {reasonField}
          </ConfirmDialog>
          <ConfirmDialog
            trigger={button('Retry all matching…', () => void countAll('retry'))}
            title={counts.retry === undefined ? 'Counting…' : `Retry ${plural(counts.retry)} matching this filter?`}
            description="Every failed execution the current filter matches. Completed steps are not run again."
            confirmLabel={counts.retry === undefined ? 'Retry all' : `Retry ${plural(counts.retry)}`}
            confirmDisabled={!counts.retry}
            destructive={false}
            onConfirm={() => run('retry', { filter })}
          />
        </>
      )}
    </div>
  )
}
