'use client'
// A titled chart box (Recharts fills it), or "none reported" when there is nothing to draw.
import type { ReactElement } from 'react'
import { ResponsiveContainer } from 'recharts'

export function ChartPanel({ title, empty = false, height = 'h-48', children }: { title: string; empty?: boolean; height?: string; children: ReactElement }) {
  return (
    <figure className="rounded border border-slate-200 p-2 dark:border-slate-700">
      <figcaption className="mb-1 text-sm font-medium">{title}</figcaption>
      {empty ? (
        <p className="py-8 text-center text-xs text-slate-500 dark:text-slate-400">none reported</p>
      ) : (
        <div className={height}>
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  )
}
