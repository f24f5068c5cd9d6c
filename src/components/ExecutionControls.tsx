'use client'
// Lifecycle buttons: each enabled only when the lifecycle allows it, sent with the version the
// operator saw so a stale click is refused instead of acting on a changed execution.
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { api } from '@/trpc/react'

interface Props {
  id: string
  version: number
  allowed: string[]
}

export function ExecutionControls({ id, version, allowed }: Props) {
  const router = useRouter()
  const [message, setMessage] = useState<string | null>(null)
  const options = {
    onSuccess: () => {
      setMessage(null)
      router.refresh()
    },
    onError: (error: { message: string }) => setMessage(error.message),
  }
  const start = api.executions.start.useMutation(options)
  const pause = api.executions.pause.useMutation(options)
  const resume = api.executions.resume.useMutation(options)
  const retry = api.executions.retry.useMutation(options)
  const cancel = api.executions.cancel.useMutation(options)
  const pending = start.isPending || pause.isPending || resume.isPending || retry.isPending || cancel.isPending

  const button = (label: string, op: string, run: () => void, tone = 'bg-slate-800 hover:bg-slate-700') => (
    <button
      type="button"
      disabled={!allowed.includes(op) || pending}
      onClick={run}
      className={`rounded px-3 py-1.5 text-sm font-medium text-white disabled:cursor-not-allowed disabled:opacity-40 ${tone}`}
    >
      {label}
    </button>
  )

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {button('Start', 'start', () => start.mutate({ id, expectedVersion: version }))}
        {button('Pause', 'pause', () => pause.mutate({ id, expectedVersion: version }))}
        {button('Resume', 'resume', () => resume.mutate({ id, expectedVersion: version }))}
        {button('Retry', 'retry', () => retry.mutate({ id, expectedVersion: version }))}
        {button(
          'Cancel',
          'cancel',
          () => {
            const reason = window.prompt('Cancel this execution? Give a reason:')
            if (reason !== null) cancel.mutate({ id, reason: reason || undefined, expectedVersion: version })
          },
          'bg-red-700 hover:bg-red-600',
        )}
        {pending && <span className="self-center text-sm text-slate-500">working…</span>}
      </div>
      {message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {message}
        </p>
      )}
    </div>
  )
}
