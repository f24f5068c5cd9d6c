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

/** A time relative to `now`: "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago", or the date past a month ("in 5 min" ahead). */
export function formatRelative(iso: string, now: number): string {
  const diff = now - new Date(iso).getTime()
  if (Number.isNaN(diff)) return '—'
  const ahead = diff < 0
  const s = Math.round(Math.abs(diff) / 1000)
  const say = (text: string) => (ahead ? `in ${text}` : `${text} ago`)
  if (s < 5) return ahead ? 'in a moment' : 'just now'
  if (s < 60) return say(`${s} s`)
  const m = Math.floor(s / 60)
  if (m < 60) return say(`${m} min`)
  const h = Math.floor(m / 60)
  if (h < 24) return say(`${h} h`)
  const d = Math.floor(h / 24)
  if (d < 30) return say(`${d} d`)
  return formatTime(iso).slice(0, 10)
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
