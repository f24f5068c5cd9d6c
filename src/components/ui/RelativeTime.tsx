'use client'
// A time as "3 min ago", the exact UTC time on hover. The server and the first client render show
// the exact time (they would disagree about "now" and React would report a hydration error);
// the relative form takes over once mounted and moves on by itself.
import { useEffect, useState } from 'react'
import { formatRelative, formatTime } from '@/components/format'

const TICK_MS = 15_000
const listeners = new Set<(now: number) => void>()
let timer: ReturnType<typeof setInterval> | undefined

/** One clock for every time on the page (a list shows fifty); null until mounted. */
export function useNow(): number | null {
  const [now, setNow] = useState<number | null>(null)
  useEffect(() => {
    setNow(Date.now())
    listeners.add(setNow)
    timer ??= setInterval(() => {
      const t = Date.now()
      for (const l of listeners) l(t)
    }, TICK_MS)
    return () => {
      listeners.delete(setNow)
      if (!listeners.size) {
        clearInterval(timer)
        timer = undefined
      }
    }
  }, [])
  return now
}

export function RelativeTime({ iso, className = '' }: { iso: string | null | undefined; className?: string }) {
  return <TimeAt iso={iso} now={useNow()} className={className} />
}

/** The same, at a `now` the caller keeps (a table keeps one clock for all its rows, not a hook in each). */
export function TimeAt({ iso, now, className = '' }: { iso: string | null | undefined; now: number | null; className?: string }) {
  if (!iso) return <span className={className}>—</span>
  const exact = `${formatTime(iso)} UTC`
  return (
    <time dateTime={iso} title={exact} className={`whitespace-nowrap tabular-nums ${className}`}>
      {now === null ? formatTime(iso) : formatRelative(iso, now)}
    </time>
  )
}

/** A due time as a countdown: "due in 12 min", or "overdue by 3 min" in red; the exact time on hover. */
export function Countdown({ iso }: { iso: string }) {
  const now = useNow()
  const exact = `${formatTime(iso)} UTC`
  if (now === null) return <time dateTime={iso}>due {formatTime(iso)}</time>
  const late = new Date(iso).getTime() < now
  const relative = formatRelative(iso, now)
  return (
    <time dateTime={iso} title={exact} className={`whitespace-nowrap tabular-nums ${late ? 'font-medium text-red-700 dark:text-red-300' : ''}`}>
      {late ? `overdue by ${relative.replace(/ ago$/, '')}` : `due ${relative}`}
    </time>
  )
}
