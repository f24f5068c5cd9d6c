'use client'
// A row's own actions in the list, shown on hover or keyboard focus: retry a
// failed execution, cancel one the lifecycle lets stop (with a reason, confirmed). Refusals come
// back by name; the list follows on its live feed.
import { createContext, useContext, useState } from 'react'
import { toast } from 'sonner'
import type { ExecutionListRow } from '@/server/domain/execution'
import { statusesAllowing, type ExecutionStatus } from '@/server/domain/lifecycle'
import { api } from '@/trpc/react'
import { ConfirmDialog } from '@/components/ui/ConfirmDialog'

/** Whether the reader may act on executions (operators and admins). */
export const CanOperate = createContext(false)
/**
 * The row the pointer is over or the keyboard is on: only its actions are in the page (fifty
 * rows of "Cancel" buttons would crowd what a screen reader, or a search for the page's own
 * Cancel button, finds).
 */
export const ActiveRow = createContext<string | null>(null)

const RETRYABLE = new Set<ExecutionStatus>(statusesAllowing('retry'))
const CANCELLABLE = new Set<ExecutionStatus>(statusesAllowing('cancel'))
const BUTTON = 'rounded border border-slate-300 px-1.5 text-xs hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800'

export function RowActions({ execution }: { execution: ExecutionListRow }) {
  const canOperate = useContext(CanOperate)
  const active = useContext(ActiveRow) === execution.$id
  // (Kept while its dialog is open, though the pointer has left the row for the dialog.)
  const [confirming, setConfirming] = useState(false)
  // Only the active row holds the mutations: fifty rows of them, made on the server and again at
  // hydration, cost the list page about as much server time as its own query (a CPU profile).
  return canOperate && (active || confirming) ? <ActiveRowActions execution={execution} setConfirming={setConfirming} /> : null
}

function ActiveRowActions({ execution, setConfirming }: { execution: ExecutionListRow; setConfirming: (open: boolean) => void }) {
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
          onOpenChange={setConfirming}
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
