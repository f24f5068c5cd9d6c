'use client'
// Failure analytics charts (Recharts): failure rate over time, error codes, failures by service
// and by step, and the cost and duration trends.
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
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

function Panel({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <figure className="rounded border border-slate-200 p-2 dark:border-slate-700">
      <figcaption className="mb-1 text-sm font-medium">{title}</figcaption>
      <div className="h-52">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
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
      <Panel title="Failure rate over time (%)">
        <AreaChart data={rate}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" tickFormatter={tick(bucket)} fontSize={11} />
          <YAxis fontSize={11} unit="%" />
          <Tooltip />
          <Area dataKey="rate" stroke="#dc2626" fill="#fecaca" isAnimationActive={false} connectNulls />
        </AreaChart>
      </Panel>
      <Panel title="Error codes">
        <BarChart data={bars(byCode)} layout="vertical" margin={{ left: 40 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" fontSize={11} allowDecimals={false} />
          <YAxis type="category" dataKey="name" fontSize={10} width={110} />
          <Tooltip />
          <Bar dataKey="n" name="failures" fill="#dc2626" isAnimationActive={false} />
        </BarChart>
      </Panel>
      <Panel title="Failures by service">
        <BarChart data={bars(byService)} layout="vertical" margin={{ left: 40 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" fontSize={11} allowDecimals={false} />
          <YAxis type="category" dataKey="name" fontSize={10} width={130} />
          <Tooltip />
          <Bar dataKey="n" name="failures" fill="#ea580c" isAnimationActive={false} />
        </BarChart>
      </Panel>
      <Panel title="Failures by step">
        <BarChart data={bars(byStep)} layout="vertical" margin={{ left: 40 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" fontSize={11} allowDecimals={false} />
          <YAxis type="category" dataKey="name" fontSize={10} width={110} />
          <Tooltip />
          <Bar dataKey="n" name="failures" fill="#d97706" isAnimationActive={false} />
        </BarChart>
      </Panel>
      <Panel title="Average cost per execution">
        <LineChart data={series}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" tickFormatter={tick(bucket)} fontSize={11} />
          <YAxis fontSize={11} tickFormatter={(v) => formatCost(Number(v))} width={60} />
          <Tooltip formatter={(v) => formatCost(Number(v))} />
          <Line dataKey="averageCost" name="cost" stroke="#2563eb" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </Panel>
      <Panel title="Average duration (completed)">
        <LineChart data={series}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" tickFormatter={tick(bucket)} fontSize={11} />
          <YAxis fontSize={11} tickFormatter={(v) => formatDuration(Number(v))} width={60} />
          <Tooltip formatter={(v) => formatDuration(Number(v))} />
          <Line dataKey="averageDuration" name="duration" stroke="#16a34a" dot={false} isAnimationActive={false} connectNulls />
        </LineChart>
      </Panel>
    </div>
  )
}
