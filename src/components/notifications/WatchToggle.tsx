'use client'
// "Watch" on an execution's page: a watcher is told in their notification centre when the
// execution fails. Whoever started an execution watches it from the start.
import { toast } from 'sonner'
import { api } from '@/trpc/react'

export function WatchToggle({ executionId }: { executionId: string }) {
  const utils = api.useUtils()
  const watching = api.notifications.watching.useQuery({ executionId }, { retry: false })
  const set = api.notifications.setWatching.useMutation({
    onSuccess: (answer) => {
      utils.notifications.watching.setData({ executionId }, answer)
      toast.success(answer.watching ? 'Watching: you will be told if it fails' : 'No longer watching')
    },
    onError: (e) => toast.error(e.message),
  })
  if (!watching.data) return null
  const on = watching.data.watching
  return (
    <button
      type="button"
      aria-pressed={on}
      disabled={set.isPending}
      onClick={() => set.mutate({ executionId, watch: !on })}
      title={on ? 'You are told in your notifications if it fails' : 'Be told in your notifications if it fails'}
      className="inline-flex items-center gap-1 whitespace-nowrap rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 disabled:opacity-50 aria-pressed:border-blue-400 aria-pressed:bg-blue-50 aria-pressed:text-blue-900 dark:border-slate-600 dark:hover:bg-slate-800 dark:aria-pressed:border-blue-500 dark:aria-pressed:bg-blue-950 dark:aria-pressed:text-blue-100"
    >
      <span aria-hidden="true">{on ? '★' : '☆'}</span>
      {on ? 'Watching' : 'Watch'}
    </button>
  )
}
