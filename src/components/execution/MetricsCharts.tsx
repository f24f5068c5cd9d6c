'use client'
// An execution's metrics as charts (Recharts): cost by category, tokens prompt/completion, step
// durations, API calls by service, and the retry count. Loaded only on the execution page.
import { Bar, BarChart, CartesianGrid, Cell, Pie, PieChart, Tooltip, XAxis, YAxis } from 'recharts'
import { ChartPanel } from '@/components/ui/ChartPanel'
import type { ExecutionMetrics } from '@/server/domain/execution'
import { formatCost, formatDuration } from '@/components/format'

const COLOURS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#64748b']

/** `stepRetries`: the retries its steps had within their runs (the metric counts the execution's own). */
export default function MetricsCharts({ metrics, stepRetries = 0 }: { metrics: ExecutionMetrics; stepRetries?: number }) {
  const cost = Object.entries(metrics.costBreakdown ?? {})
    .filter(([, v]) => v > 0)
    .map(([name, value]) => ({ name, value }))
  const tokens = [
    { name: 'prompt', value: metrics.promptTokens ?? 0 },
    { name: 'completion', value: metrics.completionTokens ?? 0 },
  ]
  const durations = Object.entries(metrics.stepDurations ?? {})
    .map(([name, ms]) => ({ name, ms }))
    .slice(0, 60)
  const apis = Object.entries(metrics.apiCallsByService ?? {}).map(([name, calls]) => ({ name, calls }))
  return (
    <section aria-labelledby="metrics-heading" className="flex flex-col gap-2">
      <h2 id="metrics-heading" className="font-semibold">
        Metrics
      </h2>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <div>
          <dt className="inline text-slate-500 dark:text-slate-400">Cost </dt>
          <dd className="inline">{formatCost(metrics.cost)}</dd>
        </div>
        <div>
          <dt className="inline text-slate-500 dark:text-slate-400">Tokens </dt>
          <dd className="inline">{(metrics.tokensUsed ?? 0).toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt className="inline text-slate-500 dark:text-slate-400">Effective duration </dt>
          <dd className="inline">{formatDuration(metrics.effectiveDuration)}</dd>
        </div>
        <div>
          <dt className="inline text-slate-500 dark:text-slate-400">Retries </dt>
          <dd className="inline">
            {metrics.retries ?? 0} of the execution{stepRetries ? ` · ${stepRetries} of its steps` : ''}
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
        <ChartPanel title="Cost by category" empty={!cost.length}>
          <PieChart>
            <Pie data={cost} dataKey="value" nameKey="name" outerRadius={70} label={({ name }) => String(name)} isAnimationActive={false}>
              {cost.map((c, i) => (
                <Cell key={c.name} fill={COLOURS[i % COLOURS.length]} />
              ))}
            </Pie>
            <Tooltip formatter={(v) => formatCost(Number(v))} />
          </PieChart>
        </ChartPanel>
        <ChartPanel title="Tokens" empty={!tokens.some((t) => t.value > 0)}>
          <BarChart data={tokens}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" fontSize={11} />
            <YAxis fontSize={11} />
            <Tooltip />
            <Bar dataKey="value" fill={COLOURS[0]} isAnimationActive={false} />
          </BarChart>
        </ChartPanel>
        <ChartPanel title="Step durations" empty={!durations.length}>
          <BarChart data={durations}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" fontSize={10} />
            <YAxis fontSize={11} tickFormatter={(v) => formatDuration(Number(v))} width={60} />
            <Tooltip formatter={(v) => formatDuration(Number(v))} />
            <Bar dataKey="ms" fill={COLOURS[1]} isAnimationActive={false} />
          </BarChart>
        </ChartPanel>
        <ChartPanel title="API calls by service" empty={!apis.length}>
          <BarChart data={apis}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" fontSize={10} />
            <YAxis fontSize={11} allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="calls" fill={COLOURS[2]} isAnimationActive={false} />
          </BarChart>
        </ChartPanel>
      </div>
    </section>
  )
}
