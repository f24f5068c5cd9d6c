'use client'
// Failure analytics charts (Recharts): the failure rate and the executions over time, the error
// codes, services and steps that failed, and the cost and duration trends. Each panel says when
// it is loading, could not load, or has nothing to draw.
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { ChartPanel } from '@/components/ui/ChartPanel'
import { BarList, COLOURS, ChartTooltip, FILL, axis, barListHeight, cursor, grid, legendText, topRows, xTitle, yTitle } from '@/components/ui/charts'
import { formatAverageDuration, formatBucket, formatBucketTick, formatCompact, formatCount, formatCurrency, formatPercent } from '@/components/format'
import { durationTickFormat, maxOf, niceTicks, tickDecimals } from '@/components/ui/chart-scale'
import { BREAKDOWNS_GRID, FAILURE_CHARTS as T, TRENDS_GRID } from './failure-charts'

export interface SeriesPoint {
  at: string
  total: number
  failed: number
  completed: number
  cancelled: number
  failureRate: number | null
  averageCost: number | null
  averageDuration: number | null
}

export interface FailureChartsData {
  series: SeriesPoint[]
  bucket: 'hour' | 'day'
  byCode: Record<string, number>
  byService: Record<string, number>
  byStep: Record<string, number>
}

const HEIGHT = 220
const TIME_MARGIN = { top: 8, right: 12, bottom: 4, left: 8 }

export default function FailureCharts({
  data,
  loading = false,
  updating = false,
  error,
  onRetry,
  serviceNames = {},
}: {
  data?: FailureChartsData
  loading?: boolean
  /** A new view is on its way: the charts stay, dimmed and busy. */
  updating?: boolean
  error?: string | null
  onRetry?: () => void
  /** Service ids to the names operators know them by. */
  serviceNames?: Record<string, string>
}) {
  const state = { loading: loading || (!data && !error), updating, error, onRetry }
  const series = data?.series ?? []
  const bucket = data?.bucket ?? 'day'
  const per = bucket === 'hour' ? 'hour' : 'day'
  const time = {
    dataKey: 'at',
    ...axis,
    tickFormatter: (v: string) => formatBucketTick(v, bucket),
    minTickGap: 16,
    height: 40,
    label: xTitle(bucket === 'hour' ? 'Hour (UTC)' : 'Day (UTC)'),
  }
  // Round steps on every value axis (see chart-scale.ts).
  const rateTicks = niceTicks(maxOf(series, (p) => p.failureRate))
  const rateDecimals = tickDecimals(rateTicks, 100)
  const countTicks = niceTicks(
    maxOf(series, (p) => p.total),
    5,
    'count',
  )
  const costTicks = niceTicks(maxOf(series, (p) => p.averageCost))
  const durationTicks = niceTicks(
    maxOf(series, (p) => p.averageDuration),
    5,
    'duration',
  )
  const title = (label: string | number | undefined) => formatBucket(String(label), bucket)
  const durationTick = durationTickFormat(durationTicks)
  const executions = series.map((p) => ({
    at: p.at,
    completed: p.completed,
    failed: p.failed,
    cancelled: p.cancelled,
    underWay: Math.max(0, p.total - p.completed - p.failed - p.cancelled),
    total: p.total,
  }))
  const codes = topRows(data?.byCode ?? {})
  const services = topRows(data?.byService ?? {}, 8, (id) => serviceNames[id] ?? id)
  const steps = topRows(data?.byStep ?? {})
  const failuresIn = (rows: { value: number }[]) => rows.reduce((n, r) => n + r.value, 0)
  // The three failure breakdowns side by side share one height, so their axes line up.
  const breakdownHeight = barListHeight(Math.max(codes.length, services.length, steps.length))

  return (
    <div className="flex flex-col gap-3">
      <div className={TRENDS_GRID}>
        <ChartPanel
          {...state}
          height={HEIGHT}
          title={T.rate}
          description={`Failed of the executions that completed or failed, per ${per} (cancelled ones not counted)`}
          empty={!series.some((p) => p.failureRate !== null) && 'No completed or failed executions in this range.'}
        >
          <AreaChart {...FILL} data={series} margin={TIME_MARGIN} accessibilityLayer>
            <CartesianGrid {...grid} />
            <XAxis {...time} />
            <YAxis
              {...axis}
              width={56}
              ticks={rateTicks}
              domain={[0, rateTicks.at(-1)!]}
              tickFormatter={(v) => formatPercent(Number(v), rateDecimals)}
              label={yTitle('Failure rate')}
            />
            <Tooltip
              cursor={cursor}
              content={(p) => (
                <ChartTooltip
                  {...p}
                  title={title}
                  format={(v) => formatPercent(v)}
                  note={(row) => `${formatCount(Number(row.failed))} failed of ${formatCount(Number(row.failed) + Number(row.completed))} completed or failed`}
                />
              )}
            />
            <Area dataKey="failureRate" name="failure rate" stroke={COLOURS.red} fill={COLOURS.red} fillOpacity={0.2} isAnimationActive={false} connectNulls />
          </AreaChart>
        </ChartPanel>
        <ChartPanel
          {...state}
          height={HEIGHT}
          title={T.executions}
          description={`Executions created per ${per}, by how they ended (not ended yet: queued, running or paused)`}
          empty={!series.length && 'No executions in this range.'}
        >
          <BarChart {...FILL} data={executions} margin={TIME_MARGIN} accessibilityLayer>
            <CartesianGrid {...grid} vertical={false} />
            <XAxis {...time} />
            <YAxis {...axis} width={56} ticks={countTicks} domain={[0, countTicks.at(-1)!]} tickFormatter={(v) => formatCompact(Number(v))} label={yTitle('Executions')} />
            <Tooltip
              cursor={cursor}
              content={(p) => <ChartTooltip {...p} title={title} format={(v) => formatCount(v)} note={(row) => `${formatCount(Number(row.total))} in all`} />}
            />
            {/* Its height measured, not fixed: on a phone its four series take two lines. */}
            <Legend verticalAlign="top" iconSize={10} formatter={legendText} />
            <Bar dataKey="completed" name="completed" stackId="x" fill={COLOURS.green} isAnimationActive={false} />
            <Bar dataKey="failed" name="failed" stackId="x" fill={COLOURS.red} isAnimationActive={false} />
            <Bar dataKey="cancelled" name="cancelled" stackId="x" fill={COLOURS.amber} isAnimationActive={false} />
            <Bar dataKey="underWay" name="not ended yet" stackId="x" fill={COLOURS.slate} isAnimationActive={false} />
          </BarChart>
        </ChartPanel>
        <ChartPanel
          {...state}
          height={HEIGHT}
          title={T.cost}
          description={`Mean cost of the executions created in each ${per}`}
          empty={!series.some((p) => p.averageCost !== null) && 'No costs reported in this range.'}
        >
          <LineChart {...FILL} data={series} margin={TIME_MARGIN} accessibilityLayer>
            <CartesianGrid {...grid} />
            <XAxis {...time} />
            <YAxis {...axis} width={64} ticks={costTicks} domain={[0, costTicks.at(-1)!]} tickFormatter={(v) => formatCurrency(Number(v))} label={yTitle('Cost (USD)')} />
            <Tooltip cursor={cursor} content={(p) => <ChartTooltip {...p} title={title} format={(v) => formatCurrency(v)} />} />
            <Line dataKey="averageCost" name="average cost" stroke={COLOURS.blue} dot={false} isAnimationActive={false} connectNulls />
          </LineChart>
        </ChartPanel>
        <ChartPanel
          {...state}
          height={HEIGHT}
          title={T.duration}
          description={`Mean duration of the executions that completed, per ${per}`}
          empty={!series.some((p) => p.averageDuration !== null) && 'No completed executions in this range.'}
        >
          <LineChart {...FILL} data={series} margin={TIME_MARGIN} accessibilityLayer>
            <CartesianGrid {...grid} />
            <XAxis {...time} />
            <YAxis {...axis} width={64} ticks={durationTicks} domain={[0, durationTicks.at(-1)!]} tickFormatter={(v) => durationTick(Number(v))} label={yTitle('Duration')} />
            <Tooltip cursor={cursor} content={(p) => <ChartTooltip {...p} title={title} format={(v) => formatAverageDuration(v)} />} />
            <Line dataKey="averageDuration" name="average duration" stroke={COLOURS.green} dot={false} isAnimationActive={false} connectNulls />
          </LineChart>
        </ChartPanel>
      </div>
      <div className={BREAKDOWNS_GRID}>
        {(
          [
            [T.codes, data?.byCode, codes, COLOURS.red, 'error codes'],
            [T.services, data?.byService, services, COLOURS.orange, 'services'],
            [T.steps, data?.byStep, steps, COLOURS.amber, 'steps'],
          ] as const
        ).map(([chart, counts, rows, colour, of]) => (
          <ChartPanel
            key={chart}
            {...state}
            height={breakdownHeight}
            title={chart}
            description={rows.length ? `${formatCount(failuresIn(rows))} failures across ${formatCount(Object.keys(counts ?? {}).length)} ${of}` : undefined}
            empty={!rows.length && 'No failures in this range.'}
          >
            <BarList rows={rows} series="failures" colour={colour} format={formatCount} tick={formatCompact} axisTitle="Failures" scale="count" />
          </ChartPanel>
        ))}
      </div>
    </div>
  )
}
