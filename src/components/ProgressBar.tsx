export function ProgressBar({ value, compact = false }: { value: number; compact?: boolean }) {
  const pct = Math.max(0, Math.min(100, value))
  return (
    <div className="flex items-center gap-2" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label="progress">
      <div className={`h-2 ${compact ? 'w-14' : 'w-24'} overflow-hidden rounded bg-slate-200 dark:bg-slate-700`}>
        <div className="h-full bg-blue-600" style={{ width: `${pct}%` }} />
      </div>
      <span className="tabular-nums text-xs">{Math.round(pct)}%</span>
    </div>
  )
}
