// A workflow's steps as a graph: one column per depth (a step sits right of everything it
// depends on), arrows from each dependency. Plain SVG from the server: no script, prints, scales.
export interface GraphStep {
  id: string
  name?: string
  type?: string
  dependsOn: string[]
  /** Has a condition or an activation policy. */
  conditional?: boolean
}

const W = 150
const H = 44
const GAP_X = 50
const GAP_Y = 14

/** The most steps drawn: past this a graph is unreadable and the page heavy (a template may have 1,000). */
export const MAX_DRAWN = 60
/** Columns side by side before the graph wraps into another band below: a long chain stays legible, not 5 px tall. */
const PER_BAND = 6

/** The least a graph is shrunk to fit its box (its 12 px labels stay above 10 px); narrower, it scrolls. */
const MIN_SCALE = 0.85

/** A label cut to fit its box, with an ellipsis when it was cut. */
const fit = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

export function StepGraph({ steps: all, label, id }: { steps: GraphStep[]; label: string; id: string }) {
  const steps = all.slice(0, MAX_DRAWN)
  const depth = new Map<string, number>()
  const byId = new Map(steps.map((s) => [s.id, s]))
  const depthOf = (id: string, seen = new Set<string>()): number => {
    if (depth.has(id)) return depth.get(id)!
    if (seen.has(id)) return 0 // a cycle is refused at registration; never loop here
    seen.add(id)
    const d = Math.max(-1, ...(byId.get(id)?.dependsOn ?? []).filter((p) => byId.has(p)).map((p) => depthOf(p, seen))) + 1
    depth.set(id, d)
    return d
  }
  const columns: GraphStep[][] = []
  for (const s of steps) (columns[depthOf(s.id)] ??= []).push(s)
  const at = new Map<string, { x: number; y: number }>()
  const tallest = Math.max(...columns.map((c) => c.length))
  const band = tallest * (H + GAP_Y) + GAP_Y * 2
  columns.forEach((column, c) => column.forEach((s, r) => at.set(s.id, { x: (c % PER_BAND) * (W + GAP_X), y: Math.floor(c / PER_BAND) * band + r * (H + GAP_Y) })))
  const width = Math.min(columns.length, PER_BAND) * (W + GAP_X) - GAP_X
  const height = Math.ceil(columns.length / PER_BAND) * band - GAP_Y * 3
  // Shrunk at most to MIN_SCALE, then scrolled sideways in its box: shrunk to fit a phone, a
  // six-column graph's 12 px labels came out at 4 px.
  return (
    <div className="max-w-full overflow-x-auto" tabIndex={0} role="group" aria-label={`${label} (scrolls sideways)`}>
      <svg
        role="img"
        aria-label={label}
        viewBox={`${-2 - GAP_X / 4} -2 ${width + 4 + (GAP_X * 3) / 4} ${height + 4}`}
        className="max-w-full"
        style={{ width: width + 4 + (GAP_X * 3) / 4, minWidth: (width + 4 + (GAP_X * 3) / 4) * MIN_SCALE }}
      >
        <defs>
          <marker id={`arrow-${id}`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="fill-slate-400" />
          </marker>
        </defs>
        {steps.flatMap((s) =>
          s.dependsOn
            .filter((p) => at.has(p))
            .map((p) => {
              const from = at.get(p)!
              const to = at.get(s.id)!
              // Into a later band, back at its left: around the boxes, through the gap between the bands.
              const wraps = to.x <= from.x && to.y > from.y
              const points = wraps
                ? [
                    [from.x + W, from.y + H / 2],
                    [from.x + W + GAP_X / 2, from.y + H / 2],
                    [from.x + W + GAP_X / 2, to.y - GAP_Y],
                    [to.x - GAP_X / 4, to.y - GAP_Y],
                    [to.x - GAP_X / 4, to.y + H / 2],
                    [to.x, to.y + H / 2],
                  ]
                : [
                    [from.x + W, from.y + H / 2],
                    [to.x, to.y + H / 2],
                  ]
              return (
                <polyline
                  key={`${p}-${s.id}`}
                  points={points.map(([x, y]) => `${x},${y}`).join(' ')}
                  fill="none"
                  className="stroke-slate-400"
                  strokeWidth={1.5}
                  markerEnd={`url(#arrow-${id})`}
                />
              )
            }),
        )}
        {steps.map((s) => {
          const { x, y } = at.get(s.id)!
          return (
            <g key={s.id} transform={`translate(${x},${y})`}>
              <title>{`${s.name ?? s.id} (${s.type ?? 'step'})${s.dependsOn.length ? ` after ${s.dependsOn.join(', ')}` : ''}${s.conditional ? ', conditional' : ''}`}</title>
              <rect width={W} height={H} rx={6} className="fill-white stroke-slate-400 dark:fill-slate-900" strokeDasharray={s.conditional ? '4 3' : undefined} />
              <text x={8} y={18} className="fill-slate-900 text-[12px] font-medium dark:fill-slate-100">
                {/* A name cut short keeps its full text on hover. */}
                {fit(s.name ?? s.id, 20) !== (s.name ?? s.id) && <title>{s.name ?? s.id}</title>}
                {fit(s.name ?? s.id, 20)}
              </text>
              <text x={8} y={34} className="fill-slate-500 text-[10px] dark:fill-slate-400">
                {fit(s.type ?? '', 24) !== (s.type ?? '') && <title>{s.type}</title>}
                {fit(s.type ?? '', 24)}
              </text>
            </g>
          )
        })}
      </svg>
    </div>
  )
}
