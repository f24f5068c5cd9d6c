export function formatDuration(ms: number | undefined | null): string {
  if (ms === undefined || ms === null) return '—'
  if (ms < 1000) return `${ms} ms`
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`
  // Whole seconds first, so 7 min 59.6 s reads 8m 0s, never 7m 60s.
  const s = Math.round(ms / 1000)
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${s % 60}s`
  const h = Math.floor(m / 60)
  return `${h}h ${m % 60}m`
}

export function formatCost(cost: number | undefined | null): string {
  if (!cost) return '$0'
  return cost < 0.01 ? `$${cost.toFixed(4)}` : `$${cost.toFixed(2)}`
}

export function formatTime(iso: string | undefined | null): string {
  if (!iso) return '—'
  return new Date(iso).toISOString().replace('T', ' ').slice(0, 19)
}

const ASSIGNEE_KINDS: Record<string, string> = { 'ai-agent': 'AI agent', human: 'person', system: 'system', hybrid: 'hybrid team' }

/** Who does the work, as an operator reads it: "AI agent · Claude Analyst · claude-sonnet-4". */
export function formatAssignee(assignee: { type?: string; id?: string; name?: string; model?: string } | undefined | null): string {
  if (!assignee) return '—'
  const who = assignee.name ?? assignee.id
  return [assignee.type ? (ASSIGNEE_KINDS[assignee.type] ?? assignee.type) : undefined, who, assignee.model && assignee.model !== who ? assignee.model : undefined]
    .filter(Boolean)
    .join(' · ')
}
