'use client'
// An execution's metrics as charts (Recharts): cost by category, tokens prompt/completion, step
// durations, API calls by service, and the retry count. Loaded only on the execution page.
import { Cell, Pie, PieChart, Tooltip } from 'recharts'
import { ChartPanel } from '@/components/ui/ChartPanel'
import { BarList, COLOURS, ChartTooltip, FILL, PALETTE, barListHeight, type BarRow } from '@/components/ui/charts'
import type { ExecutionMetrics, ExecutionStep } from '@/server/domain/execution'
import { formatAverageDuration, formatCompact, formatCount, formatCurrency, formatPercent } from '@/components/format'

/** The most steps drawn by duration: past this the longest are kept (the timeline above has them all). */
const MAX_STEPS = 12

/**
 * The steps' durations: the metrics' own where the service reported them, else what the steps
 * themselves say (their duration, or from their start to their end), by the steps' names.
 */
export function stepDurationsOf(metrics: ExecutionMetrics, steps: readonly Pick<ExecutionStep, 'id' | 'name' | 'duration' | 'startedAt' | 'completedAt' | 'failedAt'>[] = []) {
  const reported = Object.entries(metrics.stepDurations ?? {})
  if (reported.length) return reported.map(([name, value]) => ({ name, value }))
  const named = new Map<string, number>()
  for (const s of steps) named.set(s.name, (named.get(s.name) ?? 0) + 1)
  return steps.flatMap((s) => {
    const end = s.completedAt ?? s.failedAt
    const value = s.duration ?? (s.startedAt && end ? Date.parse(end) - Date.parse(s.startedAt) : undefined)
    // (Two steps of one name are told apart by their ids.)
    const name = !s.name ? s.id : (named.get(s.name) ?? 0) > 1 ? `${s.name} (${s.id})` : s.name
    return value !== undefined && Number.isFinite(value) && value >= 0 ? [{ name, value }] : []
  })
}

/** `stepRetries`: the retries its steps had within their runs (the metric counts the execution's own); `steps`: for their durations where the metrics have none. */
export default function MetricsCharts({ metrics, steps, stepRetries = 0 }: { metrics: ExecutionMetrics; steps?: readonly ExecutionStep[]; stepRetries?: number }) {
  const cost = Object.entries(metrics.costBreakdown ?? {})
    .filter(([, v]) => v > 0)
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => b.value - a.value)
  const costTotal = cost.reduce((n, c) => n + c.value, 0)
  const tokens: BarRow[] = [
    { name: 'prompt', value: metrics.promptTokens ?? 0 },
    { name: 'completion', value: metrics.completionTokens ?? 0 },
  ]
  const allSteps = stepDurationsOf(metrics, steps)
  // In the workflow's order while they fit; past that the longest, still in order.
  const kept = new Set([...allSteps].sort((a, b) => b.value - a.value).slice(0, MAX_STEPS))
  const durations = allSteps.filter((s) => kept.has(s))
  const apis: BarRow[] = Object.entries(metrics.apiCallsByService ?? {})
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => b.value - a.value)
  return (
    <section aria-labelledby="metrics-heading" className="flex flex-col gap-2">
      <h2 id="metrics-heading" className="font-semibold">
        Metrics
      </h2>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <div>
          <dt className="inline text-slate-500 dark:text-slate-400">Cost </dt>
          <dd className="inline">{formatCurrency(metrics.cost ?? 0)}</dd>
        </div>
        <div>
          <dt className="inline text-slate-500 dark:text-slate-400">Tokens </dt>
          <dd className="inline">{formatCount(metrics.tokensUsed ?? 0)}</dd>
        </div>
        <div>
          <dt className="inline text-slate-500 dark:text-slate-400">Effective duration </dt>
          <dd className="inline">{formatAverageDuration(metrics.effectiveDuration)}</dd>
        </div>
        <div>
          <dt className="inline text-slate-500 dark:text-slate-400">Retries </dt>
          <dd className="inline">
            {formatCount(metrics.retries ?? 0)} of the execution{stepRetries ? ` · ${formatCount(stepRetries)} of its steps` : ''}
          </dd>
        </div>
        {metrics.qualityScore !== undefined && (
          <div>
            <dt className="inline text-slate-500 dark:text-slate-400">Quality </dt>
            <dd className="inline">{metrics.qualityScore.toFixed(2)}</dd>
          </div>
        )}
      </dl>
      <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-4">
        <ChartPanel
          title="Cost by category"
          description={cost.length ? `${formatCurrency(costTotal)} in all` : undefined}
          height={160}
          empty={!cost.length && 'No cost reported.'}
          footer={
            <ul className="flex flex-col gap-0.5 text-xs" aria-label="Cost by category">
              {cost.map((c, i) => (
                <li key={c.name} className="flex items-center gap-1.5">
                  <span aria-hidden className="inline-block size-2.5 shrink-0 rounded-sm" style={{ background: PALETTE[i % PALETTE.length] }} />
                  <span>{c.name}</span>
                  <span className="ml-auto tabular-nums">{formatCurrency(c.value)}</span>
                  <span className="w-12 text-right text-slate-600 tabular-nums dark:text-slate-400">{formatPercent(c.value / costTotal, 0)}</span>
                </li>
              ))}
            </ul>
          }
        >
          {/* Labels in the legend below, not around the pie: they never run out of the panel. */}
          <PieChart {...FILL} accessibilityLayer>
            <Pie data={cost} dataKey="value" nameKey="name" innerRadius="50%" outerRadius="90%" isAnimationActive={false}>
              {cost.map((c, i) => (
                <Cell key={c.name} fill={PALETTE[i % PALETTE.length]} />
              ))}
            </Pie>
            <Tooltip content={(p) => <ChartTooltip {...p} title={() => 'Cost'} format={(v) => `${formatCurrency(v)} (${formatPercent(v / costTotal)})`} />} />
          </PieChart>
        </ChartPanel>
        <ChartPanel title="Tokens" height={barListHeight(tokens.length)} empty={!tokens.some((t) => t.value > 0) && 'No tokens used.'}>
          <BarList rows={tokens} series="tokens" colour={COLOURS.blue} format={formatCount} tick={formatCompact} axisTitle="Tokens" scale="count" />
        </ChartPanel>
        <ChartPanel
          title="Step durations"
          description={allSteps.length > MAX_STEPS ? `The ${MAX_STEPS} longest of ${formatCount(allSteps.length)} steps` : undefined}
          height={barListHeight(durations.length)}
          empty={!durations.length && 'No step durations reported.'}
        >
          <BarList rows={durations} series="duration" colour={COLOURS.green} format={formatAverageDuration} axisTitle="Duration" scale="duration" />
        </ChartPanel>
        <ChartPanel title="API calls by service" height={barListHeight(apis.length)} empty={!apis.length && 'No API calls reported.'}>
          <BarList rows={apis} series="calls" colour={COLOURS.amber} format={formatCount} tick={formatCompact} axisTitle="Calls" scale="count" />
        </ChartPanel>
      </div>
    </section>
  )
}
