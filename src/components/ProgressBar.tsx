import type { CSSProperties } from 'react'

/** A percentage with its bar (drawn by CSS, globals.css `.progress-bar`): one element, as a list shows fifty. */
export function ProgressBar({ value, compact = false }: { value: number; compact?: boolean }) {
  const pct = Math.max(0, Math.min(100, value))
  return (
    <span
      className="progress-bar"
      data-compact={compact || undefined}
      style={{ '--progress': `${pct}%` } as CSSProperties}
      role="progressbar"
      aria-valuenow={pct}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-label="progress"
    >
      {`${Math.round(pct)}%`}
    </span>
  )
}
