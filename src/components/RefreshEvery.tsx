'use client'
// Keeps a server-rendered page current: it is rendered again every `seconds` while the tab is
// visible (Next keeps what the operator scrolled, typed or opened), and says when it last was.
import { useRouter } from 'next/navigation'
import { useEffect, useState } from 'react'

export function RefreshEvery({ seconds }: { seconds: number }) {
  const router = useRouter()
  const [at, setAt] = useState<Date | null>(null)
  useEffect(() => {
    setAt(new Date())
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible') return
      router.refresh()
      setAt(new Date())
    }, seconds * 1_000)
    return () => clearInterval(timer)
  }, [router, seconds])
  return (
    <span className="text-xs text-slate-500 dark:text-slate-400" aria-live="off">
      {at ? `updated every ${seconds} s · ${at.toLocaleTimeString()}` : `updated every ${seconds} s`}
    </span>
  )
}
