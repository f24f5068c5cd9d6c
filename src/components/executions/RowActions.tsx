'use client'
// A row's own actions in the list, shown on hover or keyboard focus: retry a
// failed execution, cancel one the lifecycle lets stop (with a reason, confirmed). Refusals come
// back by name; the list follows on its live feed.
import { useState } from 'react'
import { toast } from 'sonner'
import type { ExecutionListRow } from '@/server/domain/execution'
import { statusesAllowing, type ExecutionStatus } from '@/server/domain/lifecycle'
import { api } from '@/trpc/react'
import { ConfirmDialog } from '@/components/ui/ConfirmDialog'

const RETRYABLE = new Set<ExecutionStatus>(statusesAllowing('retry'))
const CANCELLABLE = new Set<ExecutionStatus>(statusesAllowing('cancel'))
const BUTTON = 'rounded border border-slate-300 px-1.5 text-xs hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800'

/** The actions of the row the operator is on (the table shows them for that row alone). */
export function RowActions({ execution, onConfirming }: { execution: ExecutionListRow; onConfirming: (open: boolean) => void }) {
  const utils = api.useUtils()
  const [reason, setReason] = useState('')
  const done = (verb: string) => () => {
    toast.success(`${verb} ${execution.$id}`)
    void utils.executions.list.invalidate()
  }
  const fail = (error: { message: string }) => toast.error(error.message)
  const retry = api.executions.retry.useMutation({ onSuccess: done('Retried'), onError: fail })
  const cancel = api.executions.cancel.useMutation({ onSuccess: done('Cancelled') })
  const status = execution.status as ExecutionStatus
  return (
    <span className="flex gap-1">
      {RETRYABLE.has(status) && (
        <button type="button" disabled={retry.isPending} onClick={() => retry.mutate({ id: execution.$id })} aria-label={`retry ${execution.$id}`} className={BUTTON}>
          Retry
        </button>
      )}
      {CANCELLABLE.has(status) && (
        <ConfirmDialog
          trigger={
            <button type="button" aria-label={`cancel ${execution.$id}`} className={BUTTON}>
              Cancel
            </button>
          }
          title={`Cancel ${execution.$id}?`}
          description="It stops where it is; its running steps are stopped with it."
          confirmLabel="Cancel execution"
          onOpenChange={onConfirming}
          onConfirm={async () => {
            try {
              await cancel.mutateAsync({ id: execution.$id, ...(reason.trim() ? { reason: reason.trim() } : {}) })
            } catch (error) {
              fail(error as Error)
              throw error
            }
          }}
        >
          <label className="flex flex-col text-sm">
            Reason (recorded on the execution)
            <input value={reason} onChange={(e) => setReason(e.target.value)} className="rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-800" />
          </label>
        </ConfirmDialog>
      )}
    </span>
  )
}
