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

/** An execution's cost: `formatCurrency`, with none reported read as nothing spent ("$0.00"). */
export function formatCost(cost: number | undefined | null): string {
  return formatCurrency(cost ?? 0)
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

// Numbers as charts and tables print them (issue 18): never a raw float such as 0.05309734513274336.

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })
const DOLLARS = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 })
const CENTS = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 4, maximumFractionDigits: 4 })
const missing = (v: number | undefined | null): v is undefined | null => v === undefined || v === null || !Number.isFinite(v)

/** A count with thousands separators, rounded to a whole: "12,345". */
export function formatCount(n: number | undefined | null): string {
  return missing(n) ? '—' : COUNT.format(n)
}

/** A count short enough for an axis tick: "950", "1.2K", "3.4M". */
export function formatCompact(n: number | undefined | null): string {
  return missing(n) ? '—' : COMPACT.format(n)
}

/**
 * A ratio (0.053) as a percentage with one decimal where it says something: "5.3%", "50%", "0%";
 * a share too small or too near the whole to show at that precision reads "<0.1%" or ">99.9%",
 * never a rounded "0%" or "100%" that is not true.
 */
export function formatPercent(ratio: number | undefined | null, decimals = 1): string {
  if (missing(ratio)) return '—'
  const step = 10 ** -decimals
  const pct = ratio * 100
  if (pct > 0 && pct < step) return `<${step.toFixed(decimals)}%`
  if (pct < 100 && pct > 100 - step) return `>${(100 - step).toFixed(decimals)}%`
  return `${Number(pct.toFixed(decimals)).toString()}%`
}

/** Money in dollars: "$1,234.56"; under a cent with four decimals ("$0.0040") so it does not read "$0.00"; "<$0.0001" below that. */
export function formatCurrency(amount: number | undefined | null): string {
  if (missing(amount)) return '—'
  const size = Math.abs(amount)
  if (size === 0) return '$0.00'
  if (size < 0.0001) return amount < 0 ? '>-$0.0001' : '<$0.0001'
  return size < 0.01 ? CENTS.format(amount) : DOLLARS.format(amount)
}

/** A duration in milliseconds that may be an average (a float): rounded to the millisecond before `formatDuration`. */
export function formatAverageDuration(ms: number | undefined | null): string {
  return missing(ms) ? '—' : formatDuration(Math.round(ms))
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** A time bucket's start (UTC, as `formatTime`) for an axis tick: "14:00" for hours, "Mar 5" for days. */
export function formatBucketTick(iso: string, bucket: 'hour' | 'day'): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return '—'
  return bucket === 'hour' ? d.toISOString().slice(11, 16) : `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`
}

/** A time bucket in full for a tooltip: "Mar 5, 14:00–15:00 UTC" or "Mar 5, 2026 (UTC)". */
export function formatBucket(iso: string, bucket: 'hour' | 'day'): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return '—'
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`
  if (bucket === 'day') return `${day}, ${d.getUTCFullYear()} (UTC)`
  const end = new Date(d.getTime() + 3_600_000).toISOString().slice(11, 16)
  return `${day}, ${d.toISOString().slice(11, 16)}–${end} UTC`
}

/** A unit named in the plural, for one of it: "seats" → "seat". */
export const singularUnit = (unit: string) => unit.replace(/s$/, '')

/** An amount with its unit: "1 seat", "3 seats", "1,400 tokens". */
export function formatAmount(n: number, unit: string): string {
  return `${formatCount(n)} ${n === 1 ? singularUnit(unit) : unit}`
}

/**
 * Text cut to at most `max` characters with an ellipsis in the middle, keeping its end (a file's
 * extension, a value's tail): a 1,900-character artifact name or a pasted value otherwise filled
 * the page. Show the whole in a title.
 */
export function ellipsize(text: string, max = 80): string {
  const chars = Array.from(text) // (by code point: an emoji is never cut in half)
  if (chars.length <= max) return text
  const tail = Math.min(20, Math.floor((max - 1) / 3))
  return `${chars.slice(0, max - 1 - tail).join('')}…${chars.slice(chars.length - tail).join('')}`
}

/** A constant-cased kind as words: "AUTOMATED" → "Automated", "HUMAN_REVIEW" → "Human review"; other text as it is. */
export function formatKind(kind: string): string {
  if (!/^[A-Z0-9_]+$/.test(kind)) return kind
  const words = kind.toLowerCase().replaceAll('_', ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const NATURAL = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

/** Compares names as people read them: "batch-2" before "batch-10". */
export const naturalCompare = (a: string, b: string) => NATURAL.compare(a, b)
