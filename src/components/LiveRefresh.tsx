'use client'
// Keeps a server-rendered execution page current: every committed event of the execution
// re-renders it (at most every 250 ms), with no polling and no reload.
import { useRouter } from 'next/navigation'
import { useRef } from 'react'
import { api } from '@/trpc/react'

export function LiveRefresh({ executionId }: { executionId: string }) {
  const router = useRouter()
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null)
  const status = api.executions.watch.useSubscription(
    { id: executionId },
    {
      onData: (message) => {
        if (message.data.type === 'state' || pending.current) return
        pending.current = setTimeout(() => {
          pending.current = null
          router.refresh()
        }, 250)
      },
    },
  )
  return (
    <span className="text-xs text-slate-500" aria-live="polite">
      {status.status === 'pending' ? '● live' : status.status === 'error' ? 'live updates paused — reconnecting' : 'connecting…'}
    </span>
  )
}
