'use client'
// Failure analytics charts (Recharts): failure rate over time, error codes, failures by service
// and by step, and the cost and duration trends.
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { ChartPanel } from '@/components/ui/ChartPanel'
import { formatCost, formatDuration } from '@/components/format'

export interface SeriesPoint {
  at: string
  total: number
  failed: number
  failureRate: number | null
  averageCost: number | null
  averageDuration: number | null
}

const tick = (bucket: 'hour' | 'day') => (iso: string) => (bucket === 'hour' ? iso.slice(11, 16) : iso.slice(5, 10))
const bars = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([name, n]) => ({ name, n }))
    .sort((a, b) => b.n - a.n)
    .slice(0, 15)

/** Counts by name as horizontal bars, the largest first. */
function CountBars({ title, counts, colour }: { title: string; counts: Record<string, number>; colour: string }) {
  return (
    <ChartPanel title={title} height="h-52">
      <BarChart data={bars(counts)} layout="vertical" margin={{ left: 40 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" fontSize={11} allowDecimals={false} />
        <YAxis type="category" dataKey="name" fontSize={10} width={120} />
        <Tooltip />
        <Bar dataKey="n" name="failures" fill={colour} isAnimationActive={false} />
      </BarChart>
    </ChartPanel>
  )
}

export default function FailureCharts({
  series,
  bucket,
  byCode,
  byService,
  byStep,
}: {
  series: SeriesPoint[]
  bucket: 'hour' | 'day'
  byCode: Record<string, number>
  byService: Record<string, number>
  byStep: Record<string, number>
}) {
  const rate = series.map((p) => ({ at: p.at, rate: p.failureRate === null ? null : Math.round(p.failureRate * 1000) / 10, failed: p.failed }))
  return (
    <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
      <ChartPanel height="h-52" title="Failure rate over time (%)">
        <AreaChart data={rate}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" tickFormatter={tick(bucket)} fontSize={11} />
          <YAxis fontSize={11} unit="%" />
          <Tooltip />
          <Area dataKey="rate" stroke="#dc2626" fill="#fecaca" isAnimationActive={false} connectNulls />
        </AreaChart>
      </ChartPanel>
      <CountBars title="Error codes" counts={byCode} colour="#dc2626" />
      <CountBars title="Failures by service" counts={byService} colour="#ea580c" />
      <CountBars title="Failures by step" counts={byStep} colour="#d97706" />
      <ChartPanel height="h-52" title="Average cost per execution">
        <LineChart data={series}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" tickFormatter={tick(bucket)} fontSize={11} />
          <YAxis fontSize={11} tickFormatter={(v) => formatCost(Number(v))} width={60} />
          <Tooltip formatter={(v) => formatCost(Number(v))} />
          <Line dataKey="averageCost" name="cost" stroke="#2563eb" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </ChartPanel>
      <ChartPanel height="h-52" title="Average duration (completed)">
        <LineChart data={series}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" tickFormatter={tick(bucket)} fontSize={11} />
          <YAxis fontSize={11} tickFormatter={(v) => formatDuration(Number(v))} width={60} />
          <Tooltip formatter={(v) => formatDuration(Number(v))} />
          <Line dataKey="averageDuration" name="duration" stroke="#16a34a" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </ChartPanel>
    </div>
  )
}
