'use client'
// A resource's last hour (Recharts): its capacity as a line (as it was in each bucket), what was in use as an area, and the
// demand waiting for it stacked on top — so a wait shows as the area rising above the capacity.
import { Area, ComposedChart, CartesianGrid, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts'
import { ChartPanel } from '@/components/ui/ChartPanel'
import { THEMED, ChartTooltip, FILL, axis, cursor, grid, legendText } from '@/components/ui/charts'
import { formatBucketTick, formatCompact, formatCount } from '@/components/format'

type Point = { at: string; capacity: number; inUse: number; waiting: number; waitingSteps: number }

/** 24-hour UTC, as every time in the console ("14:02"). */
const time = (iso: string) => formatBucketTick(iso, 'hour')

/** A bucket's width as people say it: "2-minute", "30-second". */
function bucketLabel(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}-minute`
  return `${Math.round(ms / 1000)}-second`
}

export default function UsageChart({
  name,
  unit,
  points,
  bucketMs,
  loading,
  error,
}: {
  name: string
  unit: string
  points: Point[]
  bucketMs?: number
  loading: boolean
  error: string | null
}) {
  const used = points.some((p) => p.inUse > 0 || p.waiting > 0)
  // Steps drawn after each point end at the last one: without a closing point at the range's end,
  // the current bucket (what is in use now) was a hairline at the right edge.
  const last = points.at(-1)
  const drawn = last && bucketMs ? [...points, { ...last, at: new Date(Date.parse(last.at) + bucketMs).toISOString(), closing: true }] : points
  /** The bucket a point starts (the closing point: the last bucket, which it ends). */
  const bucketOf = (at: string, row?: Record<string, unknown>) => (row?.closing && last ? last.at : at)
  return (
    <ChartPanel
      title="The last hour"
      description={`Peak ${unit} in use and waiting in each ${bucketMs ? `${bucketLabel(bucketMs)} ` : ''}bucket, against the capacity`}
      height={150}
      loading={loading}
      error={error}
      empty={!used && `Nobody used ${name} in the last hour.`}
    >
      <ComposedChart {...FILL} data={drawn} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
        <CartesianGrid {...grid} />
        <XAxis {...axis} dataKey="at" tickFormatter={time} minTickGap={24} />
        <YAxis {...axis} width={44} allowDecimals={false} tickFormatter={(v) => formatCompact(Number(v))} />
        <Tooltip
          cursor={cursor}
          content={(p) => (
            <ChartTooltip
              {...p}
              title={(l, row) => {
                const at = bucketOf(String(l), row)
                return `${time(at)}${bucketMs ? `–${time(new Date(Date.parse(at) + bucketMs).toISOString())}` : ''} UTC (peak)`
              }}
              format={(v) => `${formatCount(v)} ${unit}`}
              note={(row) => `at most ${formatCount(Number(row.waitingSteps))} steps waiting at once`}
            />
          )}
        />
        <Legend verticalAlign="top" height={24} iconSize={10} formatter={legendText} />
        <Area dataKey="inUse" name="peak in use" stackId="u" stroke={THEMED.blue} fill={THEMED.blue} fillOpacity={THEMED.fillOpacity} isAnimationActive={false} type="stepAfter" />
        <Area
          dataKey="waiting"
          name="peak waiting"
          stackId="u"
          stroke={THEMED.amber}
          fill={THEMED.amber}
          fillOpacity={THEMED.fillOpacity}
          isAnimationActive={false}
          type="stepAfter"
        />
        {/* The capacity each bucket had (it may have changed within the hour). */}
        <Line dataKey="capacity" name="capacity" stroke={THEMED.red} strokeWidth={2} strokeDasharray="5 3" dot={false} isAnimationActive={false} type="stepAfter" />
      </ComposedChart>
    </ChartPanel>
  )
}
