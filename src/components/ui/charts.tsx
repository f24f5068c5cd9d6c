'use client'
// What every chart of the console shares (Recharts): axes and grid drawn in the panel's text
// colour (so they read in light and dark), a tooltip that prints formatted values, a legend in
// readable text, and the bar list — names above their bars, the value at the end — that stays
// legible at a phone's width where names on a category axis would be cut or dropped.
import type { ReactNode } from 'react'
import { niceTicks, type TickKind } from './chart-scale'
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, XAxis, YAxis, type LabelProps, type TooltipContentProps } from 'recharts'

export const COLOURS = { red: '#dc2626', orange: '#ea580c', amber: '#d97706', blue: '#2563eb', green: '#16a34a', purple: '#9333ea', slate: '#94a3b8' } as const
/** Series colours that follow the theme (globals.css): readable on white and on the dark page. */
export const THEMED = { blue: 'var(--chart-blue)', amber: 'var(--chart-amber)', red: 'var(--chart-red)', fillOpacity: 'var(--chart-fill-opacity)' } as const
export const PALETTE = [COLOURS.blue, COLOURS.green, COLOURS.amber, COLOURS.purple, COLOURS.slate, COLOURS.red]

/** Fills its ChartPanel (Recharts' own resize observer; no ResponsiveContainer). */
export const FILL = { responsive: true, style: { width: '100%', height: '100%' } } as const

const FONT = 11
/** An axis in the panel's text colour. */
export const axis = { stroke: 'currentColor', strokeOpacity: 0.5, tick: { fill: 'currentColor', fontSize: FONT }, tickLine: false, fontSize: FONT } as const
/** An axis title: along the bottom for X, up the left side for Y. */
export const xTitle = (value: string) => ({ value, position: 'insideBottom' as const, offset: 0, fill: 'currentColor', fontSize: FONT })
export const yTitle = (value: string) => ({ value, angle: -90, position: 'insideLeft' as const, fill: 'currentColor', fontSize: FONT, style: { textAnchor: 'middle' as const } })
export const grid = { stroke: 'currentColor', strokeOpacity: 0.15, strokeDasharray: '3 3' } as const
export const cursor = { fill: 'currentColor', fillOpacity: 0.08, stroke: 'currentColor', strokeOpacity: 0.3 } as const

/** Legend entries in the page's text colour (a series' own colour is too faint for text on dark). */
export const legendText = (value: unknown) => <span className="text-xs text-slate-700 dark:text-slate-200">{String(value)}</span>

/**
 * A tooltip's content: the point's label (`title`), then each series with its colour, name and
 * value as `format` prints it, then `note` (say, "12 of 226 failed").
 */
export function ChartTooltip({
  active,
  payload,
  label,
  title = (l) => String(l ?? ''),
  format,
  note,
}: Pick<TooltipContentProps<number, string>, 'active' | 'payload' | 'label'> & {
  title?: (label: string | number | undefined, row: Record<string, unknown> | undefined) => string
  format: (value: number, name: string) => string
  note?: (row: Record<string, unknown>) => ReactNode
}) {
  const items = (payload ?? []).filter((p) => p.value !== null && p.value !== undefined)
  if (!active || !items.length) return null
  const row = items[0]?.payload as Record<string, unknown> | undefined
  return (
    <div className="max-w-64 rounded border border-slate-300 bg-white px-2 py-1.5 text-xs text-slate-900 shadow-md dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100">
      <p className="mb-0.5 font-medium break-words">{title(label, row)}</p>
      <ul>
        {items.map((p) => (
          <li key={String(p.dataKey ?? p.name)} className="flex items-center gap-1.5">
            <span aria-hidden className="inline-block size-2 shrink-0 rounded-sm" style={{ background: p.color ?? p.fill }} />
            <span>{p.name}</span>
            <span className="ml-auto pl-2 font-medium tabular-nums">{format(Number(p.value), String(p.name))}</span>
          </li>
        ))}
      </ul>
      {note && row && <p className="mt-0.5 text-slate-600 dark:text-slate-300">{note(row)}</p>}
    </div>
  )
}

export interface BarRow {
  name: string
  value: number
}

const ROW = 34
const AXIS_HEIGHT = 40
/** The height a bar list of `rows` needs: every bar keeps its name, however many there are. */
export const barListHeight = (rows: number) => Math.max(rows, 2) * ROW + AXIS_HEIGHT + 8

/** The `max` largest rows, the rest summed into one "n others" row (so the bars still add up). */
export function topRows(counts: Record<string, number>, max = 8, label: (name: string) => string = (n) => n): BarRow[] {
  const rows = Object.entries(counts)
    .map(([name, value]) => ({ name: label(name), value }))
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name))
  if (rows.length <= max) return rows
  const rest = rows.slice(max - 1)
  return [...rows.slice(0, max - 1), { name: `${rest.length} others`, value: rest.reduce((n, r) => n + r.value, 0) }]
}

const LONGEST_NAME = 60
/** A bar's name, above it at its left end (cut only past 60 characters; the tooltip has it whole). */
function NameAbove(props: LabelProps) {
  const name = String(props.value ?? '')
  return (
    <text x={Number(props.x)} y={Number(props.y) - 5} fill="currentColor" fontSize={FONT}>
      {name.length > LONGEST_NAME ? `${name.slice(0, LONGEST_NAME - 1)}…` : name}
    </text>
  )
}

/**
 * Horizontal bars, one a row, each with its name above it and its value (as `format` prints it)
 * at its end; the value axis along the bottom is titled `axisTitle`. Give its ChartPanel
 * `barListHeight(rows.length)`.
 */
export function BarList({
  rows,
  series,
  colour,
  format,
  tick = format,
  axisTitle,
  scale = 'decimal',
}: {
  rows: BarRow[]
  /** The value's name in the tooltip: "failures", "calls". */
  series: string
  colour: string
  format: (value: number) => string
  tick?: (value: number) => string
  axisTitle: string
  /** How the value axis steps (chart-scale.ts). */
  scale?: TickKind
}) {
  const ticks = niceTicks(Math.max(...rows.map((r) => r.value), 0), 5, scale)
  // Room at the right for the longest value printed at the end of its bar.
  const right = Math.max(...rows.map((r) => format(r.value).length), 1) * 7 + 10
  return (
    <BarChart {...FILL} data={rows} layout="vertical" margin={{ top: 16, right, bottom: 4, left: 4 }} barCategoryGap={0} accessibilityLayer>
      <CartesianGrid {...grid} horizontal={false} />
      <XAxis
        type="number"
        {...axis}
        tickFormatter={(v) => tick(Number(v))}
        ticks={ticks}
        domain={[0, ticks.at(-1)!]}
        height={AXIS_HEIGHT}
        label={xTitle(axisTitle)}
        minTickGap={12}
      />
      <YAxis type="category" dataKey="name" hide />
      <Tooltip cursor={cursor} content={(p) => <ChartTooltip {...p} format={(v) => format(v)} />} />
      <Bar dataKey="value" name={series} fill={colour} barSize={12} isAnimationActive={false} minPointSize={2}>
        <LabelList dataKey="name" content={NameAbove} />
        <LabelList dataKey="value" position="right" formatter={(v) => format(Number(v))} fill="currentColor" fontSize={FONT} />
      </Bar>
    </BarChart>
  )
}
