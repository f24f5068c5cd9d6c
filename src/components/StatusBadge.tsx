const colours: Record<string, string> = {
  queued: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200',
  starting: 'bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100',
  running: 'bg-blue-100 text-blue-800 dark:bg-blue-900 dark:text-blue-100',
  paused: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  completed: 'bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100',
  failed: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100',
  cancelled: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-100',
  retry: 'bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100',
  pending: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200',
  skipped: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300',
  disabled: 'bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400',
  // A step that was running when its execution stopped (cancelled, failed elsewhere, ended).
  stopped: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-100',
  // Workers: connected and heard from, silent for a while (no heartbeat), gone.
  live: 'bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100',
  silent: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  // Task instances (seed 003), in the same colours as the statuses they stand beside.
  PENDING: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200',
  ASSIGNED: 'bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100',
  RUNNING: 'bg-blue-100 text-blue-800 dark:bg-blue-900 dark:text-blue-100',
  COMPLETED: 'bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100',
  FAILED: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100',
  CANCELLED: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-100',
  TIMED_OUT: 'bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100',
}

/** A status as the operator reads it: a word on a colour, never colour alone. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${colours[status] ?? colours.queued}`}>{status}</span>
}
