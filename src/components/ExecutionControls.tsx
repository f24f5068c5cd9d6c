'use client'
// Lifecycle buttons: each enabled only when the lifecycle allows it from the current status, sent
// as the operator's intent — it lands whenever the lifecycle allows it from the status the
// execution has when it arrives, however busy the engine keeps it (the version moves with every
// step; the status does not) — cancel confirmed with a reason, a pending state while it runs,
// and the server's message when it refuses.
import { useState } from 'react'
import { useHotkeys } from 'react-hotkeys-hook'
import type { ServiceExecution } from '@/server/domain/execution'
import { api } from '@/trpc/react'
import { ConfirmDialog } from '@/components/ui/ConfirmDialog'

export function ExecutionControls({ execution, onChanged }: { execution: ServiceExecution; onChanged: (next: ServiceExecution) => void }) {
  const [message, setMessage] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const options = {
    onSuccess: (next: ServiceExecution) => {
      setMessage(null)
      onChanged(next)
    },
    onError: (error: { message: string }) => setMessage(error.message),
  }
  const start = api.executions.start.useMutation(options)
  const pause = api.executions.pause.useMutation(options)
  const resume = api.executions.resume.useMutation(options)
  const retry = api.executions.retry.useMutation(options)
  const cancel = api.executions.cancel.useMutation(options)
  const pending = [start, pause, resume, retry, cancel].find((m) => m.isPending)
  const { $id: id, allowedOperations: allowed } = execution
  const can = (op: string) => allowed.includes(op as never) && !pending

  // Shift+S start, Shift+P pause, Shift+R resume, Shift+T retry (cancel is confirmed by its dialog).
  useHotkeys('shift+s', () => can('start') && start.mutate({ id }), [execution, pending])
  useHotkeys('shift+p', () => can('pause') && pause.mutate({ id }), [execution, pending])
  useHotkeys('shift+r', () => can('resume') && resume.mutate({ id }), [execution, pending])
  useHotkeys('shift+t', () => can('retry') && retry.mutate({ id }), [execution, pending])

  const button = (label: string, op: string, run?: () => void, keys?: string) => (
    <button
      type="button"
      disabled={!can(op)}
      onClick={run}
      aria-keyshortcuts={keys}
      title={allowed.includes(op as never) ? (keys ? `${label} (${keys})` : label) : `${label} is not allowed while ${execution.status}`}
      className={`rounded px-3 py-1.5 text-sm font-medium text-white disabled:cursor-not-allowed disabled:opacity-40 ${op === 'cancel' ? 'bg-red-700 hover:bg-red-800' : 'bg-slate-800 hover:bg-slate-700 dark:bg-slate-700 dark:hover:bg-slate-600'}`}
    >
      {label}
    </button>
  )

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="lifecycle">
        {button('Start', 'start', () => start.mutate({ id }), 'Shift+S')}
        {button('Pause', 'pause', () => pause.mutate({ id }), 'Shift+P')}
        {button('Resume', 'resume', () => resume.mutate({ id }), 'Shift+R')}
        {button('Retry', 'retry', () => retry.mutate({ id }), 'Shift+T')}
        <ConfirmDialog
          trigger={button('Cancel', 'cancel')}
          title="Cancel this execution?"
          description="Running steps are stopped and the execution ends as cancelled. This cannot be undone."
          confirmLabel="Cancel execution"
          onConfirm={() => cancel.mutateAsync({ id, reason: reason || undefined })}
        >
          <label className="flex flex-col text-sm">
            Reason
            <input value={reason} onChange={(e) => setReason(e.target.value)} className="rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-800" />
          </label>
          {message && cancel.isError && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {message}
            </p>
          )}
        </ConfirmDialog>
        {pending && (
          <span className="text-sm text-slate-500 dark:text-slate-400" role="status">
            working…
          </span>
        )}
      </div>
      {message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {message}
        </p>
      )}
    </div>
  )
}
