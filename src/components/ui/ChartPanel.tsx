'use client'
// A titled chart box and its states: loading (a placeholder as tall as the chart, so nothing
// jumps when it arrives), an error with a retry, empty (a sentence saying what there is none of),
// or the chart, dimmed while newer data is on its way. The chart sizes itself to the box
// (Recharts' `responsive`), so it follows the panel's width down to a phone's; the box carries
// the text colour the chart's axes draw in.
// No Recharts here: the page shows its panels loading before the charts' code has arrived.
import type { ReactNode } from 'react'

export interface ChartPanelProps {
  title: string
  /** What is drawn, under the title: what is counted, per what, in which unit. */
  description?: string
  /** The chart's height in pixels; it takes the panel's whole width. */
  height?: number
  loading?: boolean
  /** Newer data is on its way: the chart stays, dimmed and marked busy. */
  updating?: boolean
  /** Why the data could not be loaded. */
  error?: string | null
  onRetry?: () => void
  /** Nothing to draw: true, or the sentence to say instead of "Nothing to show." */
  empty?: boolean | string
  /** Under the chart: a legend with values, a note. */
  footer?: ReactNode
  children?: ReactNode
}

export function ChartPanel({ title, description, height = 192, loading = false, updating = false, error, onRetry, empty = false, footer, children }: ChartPanelProps) {
  const state = error ? 'error' : loading ? 'loading' : empty ? 'empty' : 'ready'
  return (
    <figure className="flex min-w-0 flex-col gap-1 rounded border border-slate-200 p-3 dark:border-slate-700" aria-busy={state === 'loading' || updating} data-chart-state={state}>
      <figcaption>
        <span className="block text-sm font-medium">{title}</span>
        {description && <span className="block text-xs text-slate-600 dark:text-slate-400">{description}</span>}
      </figcaption>
      <div style={{ height }} className={`relative w-full min-w-0 text-slate-600 transition-opacity dark:text-slate-300 ${updating && state !== 'loading' ? 'opacity-50' : ''}`}>
        {state === 'error' ? (
          <div role="alert" className="flex h-full flex-col items-center justify-center gap-2 text-center text-sm text-red-700 dark:text-red-300">
            <p>Could not load this chart: {error}</p>
            {onRetry && (
              <button type="button" onClick={onRetry} className="rounded border border-slate-300 px-2 py-1 text-slate-800 dark:border-slate-600 dark:text-slate-100">
                Try again
              </button>
            )}
          </div>
        ) : state === 'loading' ? (
          <div role="status" className="flex h-full items-center justify-center">
            <div aria-hidden className="absolute inset-0 rounded bg-slate-100 motion-safe:animate-pulse dark:bg-slate-800" />
            <span className="relative text-xs text-slate-700 dark:text-slate-200">Loading…</span>
          </div>
        ) : state === 'empty' ? (
          <p className="flex h-full items-center justify-center text-center text-sm text-slate-600 dark:text-slate-400">{typeof empty === 'string' ? empty : 'Nothing to show.'}</p>
        ) : (
          children
        )}
      </div>
      {state === 'ready' && footer}
    </figure>
  )
}
