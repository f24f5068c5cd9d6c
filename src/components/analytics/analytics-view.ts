// The failure analytics view in the URL: service and time range (a preset or from/to).
export const RANGES = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const
export type RangePreset = keyof typeof RANGES

export interface AnalyticsView {
  service?: string
  range: RangePreset | 'custom'
  from?: string
  to?: string
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>
const get = (p: Params, k: string) => {
  const v = p instanceof URLSearchParams ? (p.get(k) ?? undefined) : p[k]
  return Array.isArray(v) ? v[0] : v || undefined
}
const isoOrUndefined = (v: string | undefined) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined)

export function parseAnalyticsView(params: Params): AnalyticsView {
  const from = isoOrUndefined(get(params, 'from'))
  const to = isoOrUndefined(get(params, 'to'))
  const range = get(params, 'range')
  if (from || to) return { service: get(params, 'service'), range: 'custom', from, to }
  return { service: get(params, 'service'), range: range && range in RANGES ? (range as RangePreset) : '7d' }
}

export function analyticsSearch(view: AnalyticsView): string {
  const out = new URLSearchParams()
  if (view.service) out.set('service', view.service)
  if (view.range === 'custom') {
    if (view.from) out.set('from', view.from)
    if (view.to) out.set('to', view.to)
  } else if (view.range !== '7d') out.set('range', view.range)
  return out.toString()
}

/** The query: a preset counts back from now, rounded to the minute (so the server's cache key holds). */
export function analyticsInput(view: AnalyticsView, now = Date.now()) {
  if (view.range === 'custom') return { service: view.service, from: view.from, to: view.to }
  const to = Math.ceil(now / 60_000) * 60_000
  return { service: view.service, from: new Date(to - RANGES[view.range]).toISOString(), to: new Date(to).toISOString() }
}
